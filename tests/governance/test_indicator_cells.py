"""The indicator cells written in Python are the markup of the template blocks they replaced (the indicators
table's row, the dashboard's key figure, the definition's tooltip), whitespace between tags aside."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template

from governance import indicators
from governance.packs.snapshot import indicator_rows
from governance.templatetags.indicator_cells import indicator_cells, key_figure

BLOCKS = Path(__file__).parent / "blocks"
# templates/governance/indicators/_table.html's row and templates/fabrique/dashboard/_key_figure.html, each with
# the definition's tooltip (templates/governance/indicators/_definition.html) written in.
ROW_BLOCK = Template((BLOCKS / "indicator_row.html").read_text())
KEY_FIGURE_BLOCK = Template((BLOCKS / "key_figure.html").read_text())


def markup(html):
    return re.sub(r">\s+<", "><", str(html).strip())


def rows():
    """Rows with a value and none, a target and none, a link and none, and a label to escape."""
    values = {indicator.key: 1234 for indicator in indicators.INDICATORS}
    values["median_months_to_creation"] = None
    made = indicator_rows(values, {"ideas_detected": 2000, "jobs_created": 10}, sector=None)
    made[0]["url"] = "/projets/?annee=2026&etape=idee"
    made[1]["label"] = "Études <lancées> & « conclues »"
    made[1]["url"] = "/projets/?a=1&b=2"
    made[2]["url"] = None
    return made


@pytest.mark.parametrize("tooltips", [True, False])
def test_the_table_row_is_the_block_s_markup(tooltips):
    for row in rows():
        expected = ROW_BLOCK.render(Context({"row": row, "tooltips": tooltips}))
        assert markup(f"<tr>{indicator_cells(row, tooltips=tooltips)}</tr>") == markup(expected)


def test_a_pack_row_without_a_link_is_written_as_before():
    row = {key: value for key, value in rows()[3].items() if key != "url"}
    expected = ROW_BLOCK.render(Context({"row": row, "tooltips": False}))
    assert markup(f"<tr>{indicator_cells(row)}</tr>") == markup(expected)


def test_the_key_figure_is_the_block_s_markup():
    for row in rows():
        assert markup(key_figure(row)) == markup(KEY_FIGURE_BLOCK.render(Context({"row": row})))


def test_the_label_is_escaped():
    html = str(indicator_cells(rows()[1], tooltips=True))
    assert "Études &lt;lancées&gt; &amp; « conclues »" in html
    assert "<lancées>" not in html
    assert 'href="/projets/?a=1&amp;b=2"' in html
