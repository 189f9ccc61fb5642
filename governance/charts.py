"""Charts as SVG built on the server, so the same chart shows on the pack page and in its PDF.

Each chart carries a <title> and a <desc> that reads every value (its text alternative), is tied to them by
aria-labelledby, and draws with no font, image or script from elsewhere. The pack's tables repeat the data.
"""

from dataclasses import dataclass
from html import escape

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .indicators import COUNT, EUROS, FTE, display

WIDTH = 640
LABEL_WIDTH = 230
VALUE_WIDTH = 110
ROW_HEIGHT = 26
BAR_HEIGHT = 16
TOP = 12
LABEL_CHARACTERS = 30
# Two series: dark blue and dark orange, each at least 4.5:1 against white (the labels are in the bars' colour).
COLOURS = ["#1d4f7a", "#a34700"]
TEXT_COLOUR = "#1a1a1a"
# The longest charts show their first rows; the table beside them lists every row.
CHART_ROWS = 15


@dataclass(frozen=True)
class Series:
    label: str
    values: list


def _short(label):
    label = str(label)
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"


def bar_chart(*, chart_id, title, labels, series, unit, description=""):
    """A horizontal bar chart: one row per label, one bar per series (one or two), each value written at its
    bar's end. `chart_id` must be unique on the page (it names the title and the description)."""
    labels = [str(label) for label in labels]
    peak = max([float(value or 0) for one in series for value in one.values] or [0]) or 1
    per_row = ROW_HEIGHT + (len(series) - 1) * (BAR_HEIGHT + 2)
    legend = 22 if len(series) > 1 else 0
    height = TOP + legend + per_row * max(1, len(labels)) + 8
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    readings = []
    for index, label in enumerate(labels):
        values = "; ".join(f"{one.label} {display(one.values[index], unit)}" for one in series)
        readings.append(f"{label}\u00a0: {values}")
    desc = description + (" " if description else "") + (". ".join(readings) if readings else _("Aucune donnée."))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" role="img" '
        'style="max-width: 100%; height: auto" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'font-family="DejaVu Sans, Arial, sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(str(title))}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    if legend:
        x = LABEL_WIDTH
        for number, one in enumerate(series):
            parts.append(f'<rect x="{x}" y="{TOP}" width="12" height="12" fill="{COLOURS[number]}"/>')
            parts.append(f'<text x="{x + 16}" y="{TOP + 10}" fill="{TEXT_COLOUR}">{escape(str(one.label))}</text>')
            x += 32 + 8 * len(str(one.label))
    if not labels:
        parts.append(f'<text x="0" y="{TOP + 14}" fill="{TEXT_COLOUR}">{escape(_("Aucune donnée."))}</text>')
    for index, label in enumerate(labels):
        y = TOP + legend + index * per_row
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 4}" text-anchor="end" fill="{TEXT_COLOUR}">'
            f"<title>{escape(label)}</title>{escape(_short(label))}</text>"
        )
        for number, one in enumerate(series):
            value = float(one.values[index] or 0)
            bar_y = y + number * (BAR_HEIGHT + 2)
            length = max(0.0, room * value / peak)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{bar_y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{COLOURS[number]}"/>'
            )
            parts.append(
                f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{bar_y + BAR_HEIGHT - 4}" fill="{TEXT_COLOUR}">'
                f"{escape(display(one.values[index], unit))}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def pack_charts(snapshot):
    """The pack's charts from its snapshot: pipeline by stage, projects per territory and per sector, jobs per
    quarter, funding per funder. {name: SVG}."""
    quarters = {row["key"]: row["values"] for row in snapshot.get("quarters", [])}
    quarter_labels = ["T1", "T2", "T3", "T4"]
    funding = snapshot.get("funding", [])[:CHART_ROWS]
    territories = snapshot.get("per_territory", [])[:CHART_ROWS]
    return {
        "pipeline": bar_chart(
            chart_id="graphique-etapes",
            title=_("Projets par étape au 31 décembre"),
            labels=[row["label"] for row in snapshot.get("pipeline", [])],
            series=[Series(_("Projets"), [row["count"] for row in snapshot.get("pipeline", [])])],
            unit=COUNT,
        ),
        "territories": bar_chart(
            chart_id="graphique-territoires",
            title=_("Projets en cours ou créés par territoire (les 15 premiers)"),
            labels=[row["name"] for row in territories],
            series=[Series(_("Projets"), [row["count"] for row in territories])],
            unit=COUNT,
        ),
        "sectors": bar_chart(
            chart_id="graphique-filieres",
            title=_("Projets en cours ou créés par filière"),
            labels=[row["name"] for row in snapshot.get("per_sector", [])],
            series=[Series(_("Projets"), [row["count"] for row in snapshot.get("per_sector", [])])],
            unit=COUNT,
        ),
        "jobs": bar_chart(
            chart_id="graphique-emplois",
            title=_("Emplois créés par trimestre (ETP)"),
            labels=quarter_labels,
            series=[
                Series(_("Emplois créés"), quarters.get("jobs_created", [0] * 4)),
                Series(_("dont non délocalisables"), quarters.get("jobs_non_relocatable", [0] * 4)),
            ],
            unit=FTE,
        ),
        "funding": funding_chart(
            funding,
            chart_id="graphique-financements",
            title=_("Financements demandés et accordés par financeur (les 15 premiers)"),
        ),
    }


def funding_chart(rows, *, chart_id, title, description=""):
    """Requested beside granted, per funder, of rows of `governance.packs.snapshot.funding_rows` (the pack and the
    dashboard)."""
    return bar_chart(
        chart_id=chart_id,
        title=title,
        labels=[row["funder"] for row in rows],
        series=[
            Series(_("Demandé"), [row["requested"] for row in rows]),
            Series(_("Accordé"), [row["granted"] for row in rows]),
        ],
        unit=EUROS,
        description=description,
    )
