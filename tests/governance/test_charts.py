"""The server-built SVG charts: a title and a description that reads every value, escaped labels, nothing fetched."""

from governance.charts import Series, bar_chart, pack_charts
from governance.indicators import COUNT, EUROS


def test_bar_chart_carries_its_text_alternative():
    svg = bar_chart(
        chart_id="essai",
        title="Projets par étape",
        labels=["Idée détectée", "Étude d’opportunité"],
        series=[Series("Projets", [12, 3])],
        unit=COUNT,
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="essai-title essai-desc"' in svg
    assert '<title id="essai-title">Projets par étape</title>' in svg
    assert "Idée détectée\u00a0: Projets 12. Étude d’opportunité\u00a0: Projets 3" in svg
    assert "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_bar_chart_escapes_labels_and_writes_amounts_the_french_way():
    svg = bar_chart(
        chart_id="financements",
        title="Financements",
        labels=["<script>alert(1)</script>"],
        series=[Series("Demandé", ["12000.00"]), Series("Accordé", ["8000.00"])],
        unit=EUROS,
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "12\u00a0000\u00a0€" in svg and "8\u00a0000\u00a0€" in svg


def test_an_empty_chart_says_so():
    svg = bar_chart(chart_id="vide", title="Rien", labels=[], series=[Series("Projets", [])], unit=COUNT)
    assert "Aucune donnée." in svg


def test_pack_charts_from_an_empty_snapshot():
    charts = pack_charts({})
    assert set(charts) == {"pipeline", "territories", "sectors", "jobs", "funding"}
    assert all(chart.startswith("<svg") for chart in charts.values())
