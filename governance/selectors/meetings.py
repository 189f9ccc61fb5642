"""Reads of meetings: one meeting with its agenda, attendance and action items (a fixed number of queries whatever
their size), the objects of its pages, the agenda's timing, and the meetings of a member's calendar feed."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..models import (
    ActionItem,
    AgendaDocument,
    AgendaItem,
    Attendance,
    CommitteeMember,
    Meeting,
    seated_committee_ids,
)
from .decisions import item_decisions_prefetch

# A feed lists the meetings of the last year and every one to come.
FEED_PAST_DAYS = 366
FEED_MAX_MEETINGS = 500


def meeting_get(*, user, pk) -> Meeting:
    """The meeting with its committee: 404 when there is none, 403 when the user may not read it (a partner, a
    planned meeting or another committee's)."""
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    if not user.has_perm("governance.view_meeting", meeting):
        raise PermissionDenied
    return meeting


def meeting_get_to_manage(*, user, pk) -> Meeting:
    """The meeting, for a page that changes it: 404 when there is none, 403 unless the user reads it and may
    manage it (prepare, convene, hold it, record its attendance, decisions and minutes)."""
    meeting = meeting_get(user=user, pk=pk)
    if not user.has_perm("governance.manage_meeting", meeting):
        raise PermissionDenied
    return meeting


def meeting_agenda(*, meeting: Meeting) -> list[AgendaItem]:
    """The agenda in order: each item with its project, documents and decisions (with the stage change each made
    the decision each amends, and their amendments), in five queries."""
    return list(
        # Of each project the agenda shows its title and reference: its texts and figures stay unread.
        meeting.agenda_items.select_related("project")
        .only(
            "version",
            "meeting_id",
            "position",
            "project_id",
            "topic",
            "presenter",
            "duration_minutes",
            "notes",
            "project__title",
            "project__reference",
        )
        .prefetch_related(
            Prefetch("documents", queryset=AgendaDocument.objects.order_by("uploaded_at", "pk")),
            item_decisions_prefetch(),
        )
        .order_by("position", "pk")
    )


@dataclass(frozen=True)
class AgendaTiming:
    """When each item is planned to start, and by how many minutes the agenda runs past the meeting's end."""

    starts: list[datetime.datetime]
    total_minutes: int
    available_minutes: int
    overrun_minutes: int

    @property
    def total_label(self) -> str:
        return duration_label(self.total_minutes)

    @property
    def available_label(self) -> str:
        return duration_label(self.available_minutes)


def duration_label(minutes: int) -> str:
    """45 min, 2\u00a0h, 1\u00a0h\u00a030 (French style, with no-break spaces)."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}\u00a0min"
    return f"{hours}\u00a0h" + (f"\u00a0{rest:02d}" if rest else "")


def agenda_timing(meeting: Meeting, items: list[AgendaItem]) -> AgendaTiming:
    starts = []
    moment = meeting.starts_at
    for item in items:
        starts.append(moment)
        moment += datetime.timedelta(minutes=item.duration_minutes)
    total = sum(item.duration_minutes for item in items)
    available = int((meeting.ends_at - meeting.starts_at).total_seconds() // 60)
    return AgendaTiming(
        starts=starts, total_minutes=total, available_minutes=available, overrun_minutes=max(total - available, 0)
    )


@dataclass(frozen=True)
class AttendanceRow:
    member: CommitteeMember
    attendance: Attendance | None


def meeting_attendance(*, meeting: Meeting) -> list[AttendanceRow]:
    """Each member of the committee on the day of the meeting, with what was recorded for them (two queries)."""
    day = timezone.localtime(meeting.starts_at).date()
    members = (
        CommitteeMember.objects.filter(committee_id=meeting.committee_id, start_on__lte=day)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=day))
        .select_related("user", "actor")
        .order_by("position", "pk")
    )
    recorded = {attendance.member_id: attendance for attendance in meeting.attendances.all()}
    rows = [AttendanceRow(member=member, attendance=recorded.pop(member.pk, None)) for member in members]
    if recorded:
        # Someone recorded then gone from the committee: still shown, the record says they were there.
        gone = CommitteeMember.objects.filter(pk__in=recorded).select_related("user", "actor")
        rows += [AttendanceRow(member=member, attendance=recorded[member.pk]) for member in gone]
    return rows


def meeting_action_items(*, meeting: Meeting) -> list[ActionItem]:
    """The meeting's action items: open ones first, by due date, then the done ones."""
    return list(meeting.action_items.select_related("owner", "agenda_item").order_by("done_on", "due_on", "pk"))


def action_items_open(*, committee) -> list[ActionItem]:
    """The open action items of a committee's meetings, overdue first (for the committee's page)."""
    return list(
        ActionItem.objects.filter(meeting__committee=committee, done_on__isnull=True)
        .select_related("owner", "meeting")
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )


def is_overdue(action_item: ActionItem, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return action_item.done_on is None and action_item.due_on is not None and action_item.due_on < today


def agenda_item_get(*, user, pk) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__committee", "project"), pk=pk)
    if not user.has_perm("governance.view_meeting", item.meeting):
        raise PermissionDenied
    return item


def agenda_document_get(*, user, pk) -> AgendaDocument:
    """A document the user may download: one of a meeting they read (404 otherwise, so as not to tell it exists)."""
    queryset = AgendaDocument.objects.filter(agenda_item__meeting__in=Meeting.objects.visible_to(user))
    return get_object_or_404(queryset.select_related("agenda_item__meeting"), pk=pk)


def action_item_get(*, user, pk) -> ActionItem:
    item = get_object_or_404(ActionItem.objects.select_related("meeting__committee", "owner"), pk=pk)
    if not user.has_perm("governance.view_meeting", item.meeting):
        raise PermissionDenied
    return item


def calendar_meetings(*, user) -> list[Meeting]:
    """The meetings of a member's feed: those they may read (convened or later for a partner) of the committees
    they sit on, from a year ago on."""
    since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
    return list(
        Meeting.objects.visible_to(user)
        .filter(committee_id__in=seated_committee_ids(user), starts_at__gte=since)
        .select_related("committee")
        .order_by("starts_at", "pk")[:FEED_MAX_MEETINGS]
    )


def sits_on_any_committee(*, user) -> bool:
    return seated_committee_ids(user).exists()
