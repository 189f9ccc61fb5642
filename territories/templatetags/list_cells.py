"""The cells of a row of the events, cooperations and sectors lists, written in Python: fifty rows of eight cells,
two links and a list of partners each, took the template language more time than the rest of the page at national
scale, and twenty sectors half the time of their page (CONTRIBUTING, "Speed"). The markup is the one the lists'
row blocks wrote (tests/territories/test_list_cells.py and test_actors_sectors.py check it)."""

from django import template
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.dates import short_date

register = template.Library()


@register.simple_tag
def event_cells(event):
    """`{% event_cells row %}`: the <td> cells of one event (its `partners_present` prefetched, `need_count`
    annotated)."""
    partners = [actor.name for actor in event.partners_present.all()]
    return format_html(
        "<td>{}</td>"
        '<td><a href="{}">{}</a></td>'
        "<td>{}</td>"
        '<td><a href="{}">{}</a></td>'
        '<td class="text-end">{}</td>'
        "<td>{}</td>"
        '<td class="text-end">{}</td>'
        '<td class="text-end">{}</td>',
        short_date(event.date),
        reverse("event_detail", kwargs={"event": event.pk}),
        event.title,
        event.get_kind_display(),
        reverse("territory_detail", kwargs={"territory": event.territory.slug}),
        event.territory.name,
        _number(event.participants),
        format_html_join(", ", "{}", ((name,) for name in partners)) if partners else "—",
        _number(event.ideas_produced),
        _number(event.need_count),
    )


@register.simple_tag
def cooperation_cells(cooperation):
    """`{% cooperation_cells row %}`: the <td> cells of one cooperation (its `actors` prefetched, by name)."""
    return format_html(
        '<td><a href="{}">{}</a></td><td><a href="{}">{}</a></td><td>{}</td><td>{}</td>',
        reverse("cooperation_detail", kwargs={"cooperation": cooperation.pk}),
        cooperation.title,
        reverse("territory_detail", kwargs={"territory": cooperation.territory.slug}),
        cooperation.territory.name,
        format_html_join(", ", "{}", ((actor.name,) for actor in cooperation.actors.all())),
        short_date(cooperation.since) or "—",
    )


@register.simple_tag
def sector_cells(sector, can_manage):
    """`{% sector_cells row can_manage %}`: the <td> cells of one sector (`need_count` and `opportunity_count`
    annotated), with its edit button for those who manage sectors."""
    cells = format_html(
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
        sector.name,
        sector.description or "—",
        gettext("oui") if sector.is_active else gettext("non"),
        _number(sector.need_count),
        _number(sector.opportunity_count),
    )
    if not can_manage:
        return cells
    label = gettext('Modifier<span class="visually-hidden"> la filière %(name)s</span>') % {
        "name": conditional_escape(sector.name)
    }
    edit = format_html(
        '<td><a class="btn btn-sm btn-outline-secondary" href="{}">{}</a></td>',
        reverse("sector_edit", kwargs={"sector": sector.pk}),
        mark_safe(label),  # the markup of the translated text, the name escaped
    )
    return cells + edit


def _number(value):
    """A count as the template wrote it: grouped by thousands (USE_THOUSAND_SEPARATOR), empty for none."""
    return "" if value is None else number_format(value, use_l10n=True, force_grouping=False)
