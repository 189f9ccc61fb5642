"""The cells of a row of the decisions list, written in Python: twenty-five rows of six cells, three links and a
badge each, took the template language more time than the rest of the page at national scale (CONTRIBUTING,
"Speed"). The markup is the one the list's row block wrote (tests/governance/test_decision_cells.py holds that
block and compares)."""

import datetime

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext

from ..services.decisions import outcome_label

register = template.Library()


def _day(value):
    """A date (or a moment, on its day in the platform's time zone, as the template's `date` filter reads it)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return date_format(value, "SHORT_DATE_FORMAT")


@register.simple_tag
def decision_cells(decision):
    """`{% decision_cells row %}`: the <td> cells of one decision of `decision_list` (its item, meeting, committee
    and project read with it)."""
    item, project = decision.agenda_item, decision.project
    meeting = item.meeting
    amendment = format_html(' <span class="small">{}</span>', gettext("(avenant)")) if decision.amends_id else ""
    if decision.project_id:
        subject = format_html(
            '<a href="{}">{} {}</a><br><span class="small text-body-secondary">{}</span>',
            reverse("project_detail", kwargs={"project": decision.project_id}),
            project.reference,
            project.title,
            project.territory.name,
        )
    else:
        subject = item.topic
    meeting_label = meeting.title or gettext("Séance du %(day)s") % {"day": _day(meeting.starts_at)}
    amount = format_html("{}\u00a0€", floatformat(decision.amount, "2g")) if decision.amount is not None else "—"
    return format_html(
        '<td class="text-nowrap"><a href="{}">{}</a></td>'
        '<td><span class="badge status-badge status-{}">{}</span>{}</td>'
        "<td>{}</td>"
        '<td>{}<br><a class="small" href="{}">{}</a></td>'
        '<td class="num text-nowrap">{}</td>'
        '<td class="text-nowrap">{}</td>',
        reverse("decision_detail", kwargs={"decision": decision.pk}),
        _day(decision.decided_on),
        decision.outcome,
        outcome_label(decision.outcome),
        amendment,
        subject,
        meeting.committee.name,
        reverse("meeting_detail", kwargs={"meeting": item.meeting_id}),
        meeting_label,
        amount,
        _day(decision.follow_up_on) or "—",
    )
