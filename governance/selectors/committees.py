"""Reads of committees: the list, and the blocks of a committee's page, scoped to what the user may see."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core import aggregates
from core.listing import BLOCK_ROWS, Block, first_rows
from core.roles import READER_ROLES, Role
from projects.models import Project

from ..models import ActionItem, AgendaItem, Committee, CommitteeMember, Decision, Meeting

MEMBER_COLUMNS = (
    "committee_id",
    "user_id",
    "actor_id",
    "representative_name",
    "representative_email",
    "position",
    "start_on",
    "end_on",
    "version",
    "user__first_name",
    "user__last_name",
    "user__email",
    "actor__name",
)


def current_seats(today):
    """The seats held on `today` (a condition on CommitteeMember)."""
    return Q(start_on__lte=today) & (Q(end_on__isnull=True) | Q(end_on__gte=today))


def _members():
    return CommitteeMember.objects.select_related("user", "actor").only(*MEMBER_COLUMNS)


def committee_list(*, user, today=None):
    """The committees the user reads, each with its current chair(s) (`chairs`), its current member count
    (`member_count`) and the start of its next meeting the user may read (`next_meeting_at`)."""
    today = today or timezone.localdate()
    members = (
        CommitteeMember.objects.filter(current_seats(today), committee=OuterRef("pk"))
        .order_by()
        .values("committee")
        .annotate(total=Count("pk"))
        .values("total")
    )
    next_meeting = (
        Meeting.objects.visible_to(user)
        .filter(committee=OuterRef("pk"), starts_at__gte=timezone.now())
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    chairs = _members().filter(current_seats(today), position=CommitteeMember.Position.CHAIR).order_by("pk")
    return (
        Committee.objects.visible_to(user)
        .select_related("territory")
        .only("name", "kind", "is_active", "territory__name")
        .annotate(
            member_count=Coalesce(Subquery(members, output_field=IntegerField()), Value(0)),
            next_meeting_at=Subquery(next_meeting),
        )
        .prefetch_related(Prefetch("members", queryset=chairs, to_attr="chairs"))
    )


def committee_get(*, user, pk):
    """The committee with what its page shows; 404 when there is none, 403 when the user may not read it
    (a partner who does not sit on it)."""
    # The scoped queryset answers for every role in the one query; only a refusal asks whether it exists.
    committee = Committee.objects.visible_to(user).select_related("territory").filter(pk=pk).first()
    if committee is None:
        if Committee.objects.filter(pk=pk).exists():
            raise PermissionDenied
        raise Http404
    return committee


def committee_members(*, committee, today=None):
    """(current seats, past and future seats) of the committee, in one query: by position, then name."""
    today = today or timezone.localdate()
    current, others = [], []
    for member in _members().filter(committee=committee).order_by("position", "start_on", "pk"):
        (current if member.is_current_on(today) else others).append(member)
    order = {value: index for index, value in enumerate(CommitteeMember.Position.values)}
    current.sort(key=lambda member: (order.get(member.position, 99), member.display_name.lower()))
    others.sort(key=lambda member: member.end_on or member.start_on, reverse=True)
    return current, others


def _meetings_around(meetings, now, limit=BLOCK_ROWS):
    """(Block of the meetings to come, soonest first; Block of the past ones, latest first), read in one query:
    numbered from the latest, the `limit` rows on each side of the first meeting to come."""
    upcoming = Case(When(starts_at__gte=now, then=Value(1)), default=Value(0), output_field=IntegerField())
    rows = list(
        meetings.annotate(
            rank=Window(RowNumber(), order_by=[F("starts_at").desc(), F("pk").desc()]),
            upcoming_total=Window(Sum(upcoming)),
            block_total=Window(Count("pk")),
        )
        .filter(rank__gt=F("upcoming_total") - limit, rank__lte=F("upcoming_total") + limit)
        .order_by("-starts_at", "-pk")
    )
    coming = [row for row in rows if row.starts_at >= now]
    past = [row for row in rows if row.starts_at < now]
    upcoming_total = rows[0].upcoming_total if rows else 0
    all_total = rows[0].block_total if rows else 0
    return Block(rows=coming[::-1], total=upcoming_total), Block(rows=past, total=all_total - upcoming_total)


def committee_blocks(*, user, committee, today=None, year=None):
    """The blocks of the committee's page: the meetings to come and past ones the user may read (one query),
    the decisions of the year, the open action items (one query each).

    The caller has checked that the user reads the committee (committee_get), so the blocks need not ask again
    which committees the user sits on: they only leave out, for a partner, the planned meetings (a draft
    agenda) and what hangs on them, as Meeting.objects.visible_to does. Every reader of one kind sees the same
    blocks, so they come from the aggregates cache, forgotten when a meeting, an agenda item, a decision, an
    action item or a project changes; the hour is in the key, so a meeting moves from "to come" to "past" within
    the hour it starts."""
    today = today or timezone.localdate()
    year = year or today.year
    now = timezone.now()
    sees_planned = user.role in (Role.COORDINATOR, Role.REFERENT)
    parts = [committee.pk, sees_planned, year, now.strftime("%Y%m%d%H")]
    blocks = aggregates.cached(
        "committee-blocks",
        parts,
        lambda: _committee_blocks(committee=committee, sees_planned=sees_planned, year=year, now=now),
        depends_on=[Meeting, AgendaItem, Decision, ActionItem, Project],
    )
    return {**blocks, "year": year, "today": today}


def _committee_blocks(*, committee, sees_planned, year, now):
    meetings = Meeting.objects.filter(committee=committee).only(
        "committee_id", "title", "starts_at", "ends_at", "place", "status"
    )
    decisions = Decision.objects.filter(agenda_item__meeting__committee=committee, decided_on__year=year)
    actions = ActionItem.objects.filter(meeting__committee=committee, done_on__isnull=True)
    if not sees_planned:
        meetings = meetings.exclude(status=Meeting.Status.PLANNED)
        decisions = decisions.exclude(agenda_item__meeting__status=Meeting.Status.PLANNED)
        actions = actions.exclude(meeting__status=Meeting.Status.PLANNED)
    decisions = (
        decisions.select_related("project", "agenda_item")
        .only(
            "outcome",
            "decided_on",
            "amount",
            "agenda_item__topic",
            "agenda_item__meeting_id",
            "project__reference",
            "project__title",
        )
        .order_by("-decided_on", "-pk")
    )
    actions = (
        actions.select_related("owner")
        .only("meeting_id", "description", "owner_name", "due_on", "owner__first_name", "owner__last_name")
        .order_by("due_on", "pk")
    )
    next_meetings, past_meetings = _meetings_around(meetings, now)
    return {
        "next_meetings": next_meetings,
        "past_meetings": past_meetings,
        "decisions": first_rows(decisions),
        "action_items": first_rows(actions),
    }


def member_users():
    """The platform users a seat may name, with their organisation, for the drop-down."""
    return (
        get_user_model()
        .objects.filter(is_active=True, role__in=READER_ROLES)
        .select_related("organisation")
        .only("first_name", "last_name", "email", "organisation__name")
        .order_by("last_name", "first_name", "email")
    )


def member_get(*, pk):
    return get_object_or_404(CommitteeMember.objects.select_related("committee", "user", "actor"), pk=pk)
