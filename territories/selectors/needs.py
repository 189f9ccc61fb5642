"""Reads of unmet needs and development opportunities, scoped to what the user may see."""

from django.db.models import Prefetch, Subquery
from django.shortcuts import get_object_or_404

from core.history import history_entries
from territories.models import AnimationEvent, EngagedTerritory, Need, Opportunity


def need_list(*, user):
    return Need.objects.visible_to(user).select_related("territory", "sector")


def need_get(*, user, pk):
    """The need with what its detail and edit pages show, or 404 when the user may not see it."""
    queryset = Need.objects.visible_to(user).select_related("territory", "sector", "recorded_by", "reviewed_by")
    return get_object_or_404(queryset, pk=pk)


def need_history(*, need, user):
    """The change history of a need as the user may read it.

    Before its review, an idea may carry personal details, and the history keeps every version of its
    text: only those who review it (coordinators, the territory's referents) read what came before the
    review, the change that reviewed it included. Others read what happened since.
    """
    entries = history_entries(need)
    if user.has_perm("territories.view_need_personal_data", need):
        return entries
    last_waiting = (
        need.history.filter(status=Need.Status.TO_REVIEW).order_by("-history_date").values("history_date")[:1]
    )
    reviewed_at = (
        need.history.filter(history_date__gt=Subquery(last_waiting))
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    if reviewed_at is None:  # never waited for review
        return entries
    return [entry for entry in entries if entry.when > reviewed_at]


def need_opportunities(*, need):
    return need.opportunities.select_related("territory", "sector").order_by("title")


def need_events(*, need):
    return AnimationEvent.objects.filter(needs=need).select_related("territory").order_by("-date", "title")


def started_projects(*, record, user):
    """The projects started from a need or an opportunity (`record`) that the user reads, read through the
    reverse relation (the projects app sits above this one), with what their line shows."""
    return (
        record.projects.visible_to(user)
        .select_related("territory")
        .only("reference", "title", "stage", "side_state", "opportunity_id", "territory__name")
        .order_by("reference")
    )


def opportunity_list(*, user):
    return (
        Opportunity.objects.visible_to(user)
        .select_related("territory", "sector")
        # The list counts the needs answered and the export names them: only those the user may read.
        .prefetch_related(Prefetch("needs", queryset=Need.objects.visible_to(user).order_by("title")))
    )


def opportunity_get(*, user, pk):
    queryset = (
        Opportunity.objects.visible_to(user)
        .select_related("territory", "sector", "recorded_by")
        .prefetch_related(
            Prefetch(
                "needs",
                queryset=Need.objects.visible_to(user).select_related("sector").order_by("priority", "title"),
            )
        )
    )
    return get_object_or_404(queryset, pk=pk)


def needs_choosable_by(user):
    """Needs an opportunity of this user may answer: those of the territories the user edits."""
    return (
        Need.objects.visible_to(user)
        .filter(territory__in=EngagedTerritory.objects.editable_by(user))
        .select_related("territory")
        .order_by("territory__name", "title")
    )
