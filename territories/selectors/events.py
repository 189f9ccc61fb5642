"""Reads of animation events: list and detail querysets, a territory's events, and their totals."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from core import aggregates

from ..models import Actor, AnimationEvent, EngagedTerritory, Need
from ..models.needs import need_review_condition


def _need_count(user):
    """How many needs the user may read each listed event produced, as a subquery over the link table.

    A subquery rather than Count over a join: grouping all events joined to their needs before the page is
    cut cost more than the admin changelist at national scale (10,000 events).
    """
    links = (
        AnimationEvent.needs.through.objects.filter(animationevent_id=OuterRef("pk"))
        .filter(need_review_condition(user, "need__"))
        .order_by()
        .values("animationevent_id")
        .annotate(count=Count("*"))
    )
    return Coalesce(Subquery(links.values("count"), output_field=IntegerField()), 0)


def event_list(*, user):
    """The events a user may read, with what the list and its export show, in a constant number of queries."""
    return (
        AnimationEvent.objects.visible_to(user)
        .select_related("territory")
        .prefetch_related(Prefetch("partners_present", queryset=Actor.objects.only("id", "name").order_by("name")))
        # Counted as the user may read them: an idea still to review is not counted for partners.
        .annotate(need_count=_need_count(user))
        # Explicit and total, so that pagination is stable.
        .order_by("-date", "title", "pk")
    )


def event_get(*, user, pk):
    """One event the user may read, with its territory, partners and linked needs; 404 otherwise."""
    queryset = (
        AnimationEvent.objects.visible_to(user)
        .select_related("territory", "recorded_by")
        .prefetch_related(
            Prefetch("partners_present", queryset=Actor.objects.order_by("name")),
            Prefetch(
                "needs",
                queryset=Need.objects.visible_to(user).select_related("sector").order_by("priority", "title"),
            ),
        )
    )
    return get_object_or_404(queryset, pk=pk)


def territory_events(*, territory):
    """The events of one engaged territory, newest first (for the territory page)."""
    return AnimationEvent.objects.filter(territory=territory).order_by("-date", "title")


@dataclass(frozen=True)
class EventTotals:
    """What the animation events add up to; the indicators module reads these."""

    events: int
    creativity_sessions: int
    creativity_session_participants: int
    participants: int
    ideas_produced: int


def event_totals(queryset):
    """Counts over a queryset of events, in one query: events, creativity sessions and participants."""
    creativity = Q(kind=AnimationEvent.Kind.CREATIVITY_SESSION)
    if queryset.query.annotations:
        # Annotations of the caller (a count over a join) must not multiply the sums: aggregate plain rows.
        queryset = AnimationEvent.objects.filter(pk__in=queryset.values("pk"))
    totals = queryset.aggregate(
        events=Count("pk"),
        creativity_sessions=Count("pk", filter=creativity),
        creativity_session_participants=Coalesce(Sum("participants", filter=creativity), 0),
        participants=Coalesce(Sum("participants"), 0),
        ideas_produced=Coalesce(Sum("ideas_produced"), 0),
    )
    return EventTotals(**totals)


def event_list_totals(*, user, filterset):
    """The totals of the rows a list shows: its filters applied again to plain rows, so that the sums are one
    aggregate over the table rather than over a subquery of the annotated list. The list as it opens (no query
    string: a referent's filters then hold their default perimeter alone) shows the same totals to every reader of
    one role and organisation: kept in the aggregates cache."""
    asked = filterset.request.GET if filterset.request is not None else filterset.data
    if not asked:
        return aggregates.cached(
            "event-list-totals",
            [user.role, user.organisation_id or "none"],
            lambda: _list_totals(user, filterset),
            depends_on=[AnimationEvent, EngagedTerritory],
        )
    return _list_totals(user, filterset)


def _list_totals(user, filterset):
    queryset = AnimationEvent.objects.visible_to(user)
    if filterset.is_bound:
        filterset.form.is_valid()  # checks the values as FilterSet.qs does: invalid ones are left out
        queryset = filterset.filter_queryset(queryset)
    return event_totals(queryset)
