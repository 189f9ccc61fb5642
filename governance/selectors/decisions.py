"""Reads of decisions: the list each user may read, one decision with its amendments, and what a meeting page
prefetches to show each agenda item's decisions in a constant number of queries."""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from ..models import AgendaItem, Decision, Meeting
from ..services.decisions import RECORDING_STATUSES

# The amendment chain shown on a decision's page is bounded: a longer one is a data error, not a page to hang on.
CHAIN_LIMIT = 20


def decision_list(*, user):
    """The decisions `user` may read, with what the list shows (no leader's personal data is read)."""
    return (
        Decision.objects.visible_to(user)
        .select_related("agenda_item__meeting__committee", "project__territory")
        .only(
            "pk",
            "outcome",
            "decided_on",
            "amount",
            "follow_up_on",
            "amends_id",
            "agenda_item__topic",
            "agenda_item__meeting__title",
            "agenda_item__meeting__starts_at",
            "agenda_item__meeting__committee__name",
            "project__reference",
            "project__title",
            "project__territory__name",
        )
    )


def decision_export_rows(rows):
    """The filtered decisions widened to what the export reads (conditions and rationale)."""
    return rows.defer(None).select_related("agenda_item__meeting__committee", "project__territory")


def decision_get(*, user, pk) -> Decision:
    """One decision `user` may read (404 otherwise), with its item, meeting, committee, project and stage change."""
    return get_object_or_404(
        Decision.objects.visible_to(user).select_related(
            "agenda_item__meeting__committee",
            "project__territory",
            "stage_change__by",
            "amends__agenda_item__meeting",
            "recorded_by",
        ),
        pk=pk,
    )


def amended_chain(decision: Decision) -> list[Decision]:
    """The decisions `decision` amends, from the one it amends directly back to the first."""
    chain, current, seen = [], decision.amends, {decision.pk}
    while current is not None and current.pk not in seen and len(chain) < CHAIN_LIMIT:
        chain.append(current)
        seen.add(current.pk)
        current = current.amends
    return chain


def decision_amendments(*, decision: Decision, user):
    """The amendments of `decision` that `user` may read."""
    return (
        Decision.objects.visible_to(user)
        .filter(amends=decision)
        .select_related("agenda_item__meeting")
        .order_by("decided_on", "pk")
    )


def item_decisions_prefetch(lookup="decisions"):
    """A Prefetch of each agenda item's decisions with what templates/governance/decisions/_item_decisions.html
    reads (stage change, the decision amended, amendments): `meeting.agenda_items.prefetch_related(
    item_decisions_prefetch())`, or `Prefetch` from a meeting with `lookup="agenda_items__decisions"`."""
    return Prefetch(
        lookup,
        queryset=Decision.objects.select_related("stage_change", "amends")
        .prefetch_related(Prefetch("amendments", queryset=Decision.objects.order_by("decided_on", "pk")))
        .order_by("created_at", "pk"),
    )


def amendable_items(*, decision: Decision):
    """Where an amendment to `decision` may be recorded: its own agenda item, or an item about the same project on
    a later convened or held meeting of the same committee."""
    meeting = decision.agenda_item.meeting
    # project_id=None reads « IS NULL »: a free topic's decision is amended on a free topic.
    later = AgendaItem.objects.filter(
        meeting__committee_id=meeting.committee_id,
        meeting__starts_at__gt=meeting.starts_at,
        meeting__status__in=RECORDING_STATUSES,
        project_id=decision.project_id,
    ).values("pk")
    return (
        AgendaItem.objects.filter(Q(pk=decision.agenda_item_id) | Q(pk__in=later))
        .select_related("meeting", "project")
        .order_by("meeting__starts_at", "position", "pk")
    )


def meeting_takes_decisions(meeting: Meeting) -> bool:
    return meeting.status in RECORDING_STATUSES
