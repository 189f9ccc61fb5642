"""The rows of the dashboard's work blocks (stalled projects, overdue next steps and action items, meetings to come,
latest decisions), written in Python: five blocks of five rows, each with a link, a date and a name, took the
template language as long as the blocks' queries at national scale (CONTRIBUTING, "Speed"). The markup is the one
the blocks' loops wrote (tests/fabrique/test_dashboard_rows.py holds those loops and compares).

Each takes a row of fabrique/dashboard/selectors.py's blocks: a dict of the fields named there (`STALLED_FIELDS`…).
"""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext

from core.badges import status_badge
from core.choices import choice_label
from core.dates import short_date
from governance.models import Meeting
from governance.services.decisions import outcome_label
from projects.models import Project

from ..models import User

register = template.Library()

MEETING_STATUS = Meeting._meta.get_field("status")
PROJECT_STAGE = Project._meta.get_field("stage")


def _owner(row):
    """The row's owner after a middle dot: the user as users are named (User.name_from), else the name written
    instead of a user; nothing without either."""
    if row["owner__email"] is not None:
        return format_html(
            " · {}", User.name_from(row["owner__first_name"], row["owner__last_name"], row["owner__email"])
        )
    return format_html(" · {}", row["owner_name"]) if row.get("owner_name") else ""


def _meeting_label(committee, title):
    return format_html("{} — {}", committee, title) if title else committee


@register.simple_tag
def stalled_row(project, today):
    """A stalled project: its title, reference, territory, stage, and why it is stalled."""
    if project["next_step_due"] and project["next_step_due"] < today:
        why = gettext("échéance dépassée (%(date)s)") % {"date": short_date(project["next_step_due"])}
    else:
        why = gettext("sans activité depuis le %(date)s") % {"date": short_date(project["last_activity_on"])}
    return format_html(
        '<li><a href="{}">{}</a><br> <span class="small text-body-secondary">{} · {} · {} · {}</span></li>',
        reverse("project_detail", kwargs={"project": project["pk"]}),
        project["title"],
        project["reference"],
        project["territory__name"],
        choice_label(PROJECT_STAGE, project["stage"]),
        why,
    )


@register.simple_tag
def next_step_row(step):
    """An overdue next step: its text, its project, its due date and owner (a next step always has one)."""
    return format_html(
        '<li>{}<br> <span class="small text-body-secondary"><a href="{}">{}</a> · {}{}</span></li>',
        step["text"],
        reverse("project_detail", kwargs={"project": step["project_id"]}),
        step["project__title"],
        gettext("pour le %(date)s") % {"date": short_date(step["due_date"])},
        _owner(step),
    )


@register.simple_tag
def action_row(action):
    """An overdue action item: what to do, the meeting that decided it, its due date and owner."""
    return format_html(
        '<li>{}<br> <span class="small text-body-secondary"><a href="{}">{}</a> · {}{}</span></li>',
        action["description"],
        reverse("meeting_detail", kwargs={"meeting": action["meeting_id"]}),
        _meeting_label(action["meeting__committee__name"], action["meeting__title"]),
        gettext("pour le %(date)s") % {"date": short_date(action["due_on"])},
        _owner(action),
    )


@register.simple_tag
def meeting_row(meeting):
    """A meeting to come: its committee and title, its status (the markup of includes/status_badge.html), when and
    where."""
    place = format_html(" · {}", meeting["place"]) if meeting["place"] else ""
    return format_html(
        '<li><a href="{}">{}</a> {}<br> <span class="small text-body-secondary">{}{}</span></li>',
        reverse("meeting_detail", kwargs={"meeting": meeting["pk"]}),
        _meeting_label(meeting["committee__name"], meeting["title"]),
        status_badge(meeting["status"], choice_label(MEETING_STATUS, meeting["status"])),
        date_format(timezone.localtime(meeting["starts_at"]), "SHORT_DATETIME_FORMAT"),
        place,
    )


@register.simple_tag
def decision_row(decision):
    """A decision: its project (or the agenda item's topic), its outcome, its day and committee."""
    if decision["project_id"]:
        subject = format_html("{} — {}", decision["project__reference"], decision["project__title"])
    else:
        subject = decision["agenda_item__topic"]
    return format_html(
        '<li><a href="{}">{}</a> {}<br> <span class="small text-body-secondary">{} · {}</span></li>',
        reverse("decision_detail", kwargs={"decision": decision["pk"]}),
        subject,
        status_badge(decision["outcome"], outcome_label(decision["outcome"])),
        short_date(decision["decided_on"]),
        decision["agenda_item__meeting__committee__name"],
    )
