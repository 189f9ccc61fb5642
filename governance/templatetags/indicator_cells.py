"""An indicator's row of the indicators table, its key figure on the dashboard and its definition as a tooltip,
written in Python: seventeen rows, eight key figures and twenty-five definitions took the template language more
time than the figures' queries at national scale (CONTRIBUTING, "Speed"). The markup is the one the template
blocks wrote (tests/governance/test_indicator_cells.py holds those blocks and compares).

Each takes an indicator row of governance.packs.snapshot.indicator_rows."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()


def _dated_definition(row):
    return format_html("{} {} {}.", row["definition"], gettext("Date retenue\u00a0:"), row["dated_by"])


@register.simple_tag
def definition_tip(row, prefix):
    """`{% definition_tip row "tableau-" %}`: the indicator's one definition as a tooltip — a button that reads
    it as its description, the text shown while the button has the focus or the pointer, hidden again by Escape
    (static/js). `prefix` makes its id unique on the page."""
    tip_id = f"definition-{prefix}{row['key']}"
    return format_html(
        '<span class="definition-tip"><button type="button" class="definition-tip-button" aria-describedby="{}">'
        '<span aria-hidden="true">i</span><span class="visually-hidden">{}</span></button>'
        '<span class="definition-tip-text" role="tooltip" id="{}">{}</span></span>',
        tip_id,
        gettext("Définition de «\u00a0%(label)s\u00a0»") % {"label": row["label"]},
        tip_id,
        _dated_definition(row),
    )


@register.simple_tag
def indicator_value(row):
    """The indicator's value written the French way, a link to the rows it counts when it has one."""
    if not row.get("url"):  # the pack's rows have none
        return row["display"]
    return format_html(
        '<a href="{}">{}<span class="visually-hidden"> — {}</span></a>',
        row["url"],
        row["display"],
        gettext("voir la liste\u00a0: %(label)s") % {"label": row["label"]},
    )


@register.simple_tag
def indicator_cells(row, tooltips=False):
    """`<tr>{% indicator_cells row tooltips=True %}</tr>`: the label (its definition as a tooltip, or written
    under it for the pack), the value, the target and the share of it reached."""
    if tooltips:
        label = format_html('<span class="fw-semibold">{}</span> {}', row["label"], definition_tip(row, "tableau-"))
    else:
        label = format_html(
            '<span class="fw-semibold">{}</span><br><small class="text-body-secondary definition">{}</small>',
            row["label"],
            _dated_definition(row),
        )
    return format_html(
        '<th scope="row" class="fw-normal">{}</th>'
        '<td class="text-end num text-nowrap" data-indicator="{}">{}</td>'
        '<td class="text-end num text-nowrap">{}</td>'
        '<td class="text-end num text-nowrap">{}</td>',
        label,
        row["key"],
        indicator_value(row),
        row.get("target_display") or "—",
        row.get("achievement_display") or "—",
    )


@register.simple_tag
def key_figure(row):
    """`{% key_figure row %}`: one key figure of the dashboard (an <li>): its value, its label and definition,
    and the share of its target reached."""
    target = ""
    if row.get("achievement_display"):
        share = gettext("%(share)s de l’objectif (%(target)s)") % {
            "share": row["achievement_display"],
            "target": row["target_display"],
        }
        target = format_html('<span class="key-figure-target">{}</span>', share)
    return format_html(
        '<li class="key-figure" data-indicator="{}"><span class="key-figure-value">{}</span>'
        '<span class="key-figure-label">{} {}</span>{}</li>',
        row["key"],
        indicator_value(row),
        row["label"],
        definition_tip(row, "chiffre-"),
        target,
    )
