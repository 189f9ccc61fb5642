"""Reads of animation events: list and detail querysets, a territory's events, and their totals."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from ..models import Actor, AnimationEvent, Need
from ..models.needs import need_review_condition


def events_for_list(user):
    """The events a user may read, with what the list and its export show, in a constant number of queries."""
    return (
        AnimationEvent.objects.visible_to(user)
        .select_related("territory")
        .prefetch_related(Prefetch("partners_present", queryset=Actor.objects.only("id", "name").order_by("name")))
        # Counted as the user may read them: an idea still to review is not counted for partners.
        .annotate(need_count=Count("needs", filter=need_review_condition(user, "needs__"), distinct=True))
        # Explicit: a GROUP BY query drops the model's default ordering, and pagination needs one.
        .order_by("-date", "title", "pk")
    )


def event_for_detail(user, pk):
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


def events_of_territory(territory):
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
    # Aggregate over plain rows: annotations or prefetches of the caller must not multiply the sums.
    totals = AnimationEvent.objects.filter(pk__in=queryset.values("pk")).aggregate(
        events=Count("pk"),
        creativity_sessions=Count("pk", filter=creativity),
        creativity_session_participants=Coalesce(Sum("participants", filter=creativity), 0),
        participants=Coalesce(Sum("participants"), 0),
        ideas_produced=Coalesce(Sum("ideas_produced"), 0),
    )
    return EventTotals(**totals)
