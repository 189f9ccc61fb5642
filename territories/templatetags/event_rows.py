"""The cells of an animation event's row in the events list, written in Python: fifty rows of eight cells, two
links and a list of partners each, took the template language more time than the rest of the page at national
scale (CONTRIBUTING, "Speed"). The markup is the one the list's row block wrote."""

from django import template
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join

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
        date_format(event.date, "SHORT_DATE_FORMAT"),
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


def _number(value):
    """A count as the template wrote it: grouped by thousands (USE_THOUSAND_SEPARATOR), empty for none."""
    return "" if value is None else number_format(value, use_l10n=True, force_grouping=False)
