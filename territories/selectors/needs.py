"""Reads of unmet needs and development opportunities, scoped to what the user may see."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from territories.models import AnimationEvent, EngagedTerritory, Need, Opportunity


def need_list(*, user):
    return Need.objects.visible_to(user).select_related("territory", "sector")


def need_get(*, user, pk):
    """The need with what its detail and edit pages show, or 404 when the user may not see it."""
    queryset = Need.objects.visible_to(user).select_related("territory", "sector", "recorded_by")
    return get_object_or_404(queryset, pk=pk)


def need_opportunities(*, need):
    return need.opportunities.select_related("territory", "sector").order_by("title")


def need_events(*, need):
    return AnimationEvent.objects.filter(needs=need).select_related("territory").order_by("-date", "title")


def opportunity_list(*, user):
    return (
        Opportunity.objects.visible_to(user)
        .select_related("territory", "sector")
        # The list counts the needs answered and the export names them.
        .prefetch_related(Prefetch("needs", queryset=Need.objects.order_by("title")))
    )


def opportunity_get(*, user, pk):
    queryset = (
        Opportunity.objects.visible_to(user)
        .select_related("territory", "sector", "recorded_by")
        .prefetch_related(
            Prefetch("needs", queryset=Need.objects.select_related("sector").order_by("priority", "title"))
        )
    )
    return get_object_or_404(queryset, pk=pk)


def needs_choosable_by(user):
    """Needs an opportunity of this user may answer: those of the territories the user edits."""
    return (
        Need.objects.filter(territory__in=EngagedTerritory.objects.editable_by(user))
        .select_related("territory")
        .order_by("territory__name", "title")
    )
