"""The cells of a row of the decisions list, written in Python: twenty-five rows of six cells, three links and a
badge each, took the template language more time than the rest of the page at national scale (CONTRIBUTING,
"Speed"). The markup is the one the list's row block wrote (tests/governance/test_decision_cells.py holds that
block and compares)."""

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from core.dates import short_date

from .governance_text import decision_badge

register = template.Library()


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
    meeting_label = meeting.title or gettext("Séance du %(day)s") % {"day": short_date(meeting.starts_at)}
    amount = format_html("{}\u00a0€", floatformat(decision.amount, "2g")) if decision.amount is not None else "—"
    return format_html(
        '<td class="text-nowrap"><a href="{}">{}</a></td>'
        "<td>{}{}</td>"
        "<td>{}</td>"
        '<td>{}<br><a class="small" href="{}">{}</a></td>'
        '<td class="num text-nowrap">{}</td>'
        '<td class="text-nowrap">{}</td>',
        reverse("decision_detail", kwargs={"decision": decision.pk}),
        short_date(decision.decided_on),
        decision_badge(decision),
        amendment,
        subject,
        meeting.committee.name,
        reverse("meeting_detail", kwargs={"meeting": item.meeting_id}),
        meeting_label,
        amount,
        short_date(decision.follow_up_on) or "—",
    )
