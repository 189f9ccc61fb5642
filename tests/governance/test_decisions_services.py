"""decision_record and decision_update: the stage move in the same transaction, refusals, frozen minutes,
amendments."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.versioning import ConcurrentEditError
from governance.models import Decision, Meeting
from governance.services.decisions import decision_record, decision_update
from projects.models import Project, StageChange

from ..projects.factories import ProjectFactory
from .factories import AgendaItemFactory, DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db
OUTCOME = Decision.Outcome
S = Project.Stage


def messages_of(error):
    if hasattr(error, "error_dict"):
        return {field: " ".join(str(m) for m in messages) for field, messages in error.message_dict.items()}
    return {"__all__": " ".join(error.messages)}


def item_at(stage, *, status=Meeting.Status.HELD, side_state="", **meeting_fields):
    meeting = MeetingFactory(status=status, **meeting_fields)
    return AgendaItemFactory(meeting=meeting, project=ProjectFactory(stage=stage, side_state=side_state))


@pytest.mark.parametrize(
    ("outcome", "from_stage", "to_step"),
    [
        (OUTCOME.LAUNCH_STUDY, S.DETECTED, S.OPPORTUNITY_STUDY),
        (OUTCOME.GO, S.OPPORTUNITY_STUDY, S.LEADER_SEARCH),
        (OUTCOME.APPROVE_TRANSFER, S.LEADER_SEARCH, S.TRANSMITTED),
        (OUTCOME.NO_GO, S.OPPORTUNITY_STUDY, Project.SideState.ABANDONED),
        (OUTCOME.STOP, S.INCUBATION, Project.SideState.ABANDONED),
    ],
)
def test_an_outcome_that_opens_a_stage_moves_the_project_and_keeps_the_change(
    coordinator, outcome, from_stage, to_step
):
    item = item_at(from_stage)
    decision = decision_record(agenda_item=item, by=coordinator, outcome=outcome, rationale="Étude concluante.")
    project = Project.objects.get(pk=item.project_id)
    assert (project.side_state or project.stage) == to_step
    change = decision.stage_change
    assert (change.from_stage, change.to_stage) == (from_stage, to_step)
    assert not change.is_without_decision and change.by == coordinator
    assert change.decision == decision and decision.project_id == project.pk
    assert decision.decided_on == timezone.localtime(item.meeting.starts_at).date()
    assert decision.recorded_by == coordinator and decision.version == 1


@pytest.mark.parametrize("outcome", [OUTCOME.POSTPONE, OUTCOME.REDIRECT, OUTCOME.GRANT_FUNDING, OUTCOME.OTHER])
def test_other_outcomes_move_nothing(coordinator, outcome):
    item = item_at(S.OPPORTUNITY_STUDY)
    decision = decision_record(agenda_item=item, by=coordinator, outcome=outcome, amount=Decimal("12500.50"))
    assert decision.stage_change is None and decision.amount == Decimal("12500.50")
    assert Project.objects.get(pk=item.project_id).stage == S.OPPORTUNITY_STUDY
    assert not StageChange.objects.exists()


def test_a_refused_move_records_no_decision(coordinator):
    """Launching the study of a project already past it: check_move's own message, and nothing saved."""
    item = item_at(S.LEADER_SEARCH)
    with pytest.raises(ValidationError) as refused:
        decision_record(agenda_item=item, by=coordinator, outcome=OUTCOME.LAUNCH_STUDY)
    assert "Une décision du comité fait avancer le projet d’une étape" in messages_of(refused.value)["outcome"]
    assert not Decision.objects.exists() and not StageChange.objects.exists()
    project = Project.objects.get(pk=item.project_id)
    assert project.stage == S.LEADER_SEARCH and project.version == 1


def test_a_decision_on_an_abandoned_project_is_refused_with_the_machines_message(coordinator):
    item = item_at(S.OPPORTUNITY_STUDY, side_state=Project.SideState.ABANDONED)
    with pytest.raises(ValidationError) as refused:
        decision_record(agenda_item=item, by=coordinator, outcome=OUTCOME.GO)
    assert messages_of(refused.value)["outcome"] == "Un projet abandonné ne change plus d’étape."
    assert not Decision.objects.exists()


@pytest.mark.parametrize("outcome", [OUTCOME.NO_GO, OUTCOME.STOP])
def test_abandoning_needs_a_rationale(coordinator, outcome):
    item = item_at(S.OPPORTUNITY_STUDY)
    with pytest.raises(ValidationError) as refused:
        decision_record(agenda_item=item, by=coordinator, outcome=outcome, rationale="  ")
    assert "indiquez-en les motifs" in messages_of(refused.value)["rationale"]
    assert not Decision.objects.exists() and Project.objects.get(pk=item.project_id).side_state == ""


def test_a_free_topic_takes_no_stage_outcome(coordinator):
    item = AgendaItemFactory(meeting=MeetingFactory(status=Meeting.Status.HELD), project=None, topic="Budget 2027")
    with pytest.raises(ValidationError) as refused:
        decision_record(agenda_item=item, by=coordinator, outcome=OUTCOME.LAUNCH_STUDY)
    assert "ne porte sur aucun projet" in messages_of(refused.value)["outcome"]
    decision = decision_record(agenda_item=item, by=coordinator, outcome=OUTCOME.GRANT_FUNDING, amount=Decimal(5000))
    assert decision.project_id is None and Decision.objects.count() == 1


def test_an_unknown_outcome_and_a_negative_amount_are_refused(coordinator):
    item = item_at(S.DETECTED)
    with pytest.raises(ValidationError) as refused:
        decision_record(agenda_item=item, by=coordinator, outcome="vote")
    assert "Cette décision n’existe pas" in messages_of(refused.value)["outcome"]
    with pytest.raises(ValidationError) as refused:
        decision_record(agenda_item=item, by=coordinator, outcome=OUTCOME.GRANT_FUNDING, amount=Decimal(-1))
    assert "négatif" in messages_of(refused.value)["amount"]
    assert not Decision.objects.exists()


# Staff work in the Django admin; the pages refuse them (their URL policy).
@pytest.mark.parametrize("role", ["referent", "partner"])
def test_only_coordinators_record(request, role):
    item = item_at(S.DETECTED)
    with pytest.raises(PermissionDenied):
        decision_record(agenda_item=item, by=request.getfixturevalue(role), outcome=OUTCOME.LAUNCH_STUDY)
    assert not Decision.objects.exists() and Project.objects.get(pk=item.project_id).stage == S.DETECTED


def test_a_planned_meeting_takes_no_decision(coordinator):
    item = item_at(S.DETECTED, status=Meeting.Status.PLANNED)
    with pytest.raises(ValidationError) as refused:
        decision_record(agenda_item=item, by=coordinator, outcome=OUTCOME.LAUNCH_STUDY)
    assert "pas encore convoquée" in messages_of(refused.value)["__all__"]
    assert not Decision.objects.exists()


def test_a_convened_meeting_takes_decisions(coordinator):
    item = item_at(S.DETECTED, status=Meeting.Status.CONVENED)
    assert decision_record(agenda_item=item, by=coordinator, outcome=OUTCOME.LAUNCH_STUDY).stage_change is not None


def test_approved_minutes_take_no_new_decision(coordinator):
    item = item_at(S.DETECTED, status=Meeting.Status.MINUTES_APPROVED)
    with pytest.raises(ValidationError) as refused:
        decision_record(agenda_item=item, by=coordinator, outcome=OUTCOME.LAUNCH_STUDY)
    assert "enregistrez un avenant" in messages_of(refused.value)["__all__"]
    assert not Decision.objects.exists()


# --- edits ---------------------------------------------------------------------------------------------


def test_an_edit_changes_the_texts(coordinator):
    item = item_at(S.DETECTED)
    decision = decision_record(agenda_item=item, by=coordinator, outcome=OUTCOME.POSTPONE)
    decision_update(
        decision=decision,
        by=coordinator,
        expected_version=1,
        conditions="Revoir le budget.",
        follow_up_on=datetime.date(2026, 9, 1),
    )
    decision.refresh_from_db()
    assert decision.conditions == "Revoir le budget." and decision.version == 2
    assert decision.history.count() == 2


def test_an_edit_refuses_a_stale_version(coordinator):
    decision = decision_record(agenda_item=item_at(S.DETECTED), by=coordinator, outcome=OUTCOME.POSTPONE)
    decision_update(decision=decision, by=coordinator, expected_version=1, rationale="Premier.")
    with pytest.raises(ConcurrentEditError):
        decision_update(decision=decision, by=coordinator, expected_version=1, rationale="Second.")
    decision.refresh_from_db()
    assert decision.rationale == "Premier."


def test_the_outcome_of_a_decision_that_moved_a_stage_does_not_change(coordinator):
    item = item_at(S.DETECTED)
    decision = decision_record(agenda_item=item, by=coordinator, outcome=OUTCOME.LAUNCH_STUDY)
    with pytest.raises(ValidationError) as refused:
        decision_update(decision=decision, by=coordinator, expected_version=1, outcome=OUTCOME.POSTPONE)
    assert "sa nature ne change plus" in messages_of(refused.value)["outcome"]
    decision.refresh_from_db()
    assert decision.outcome == OUTCOME.LAUNCH_STUDY and decision.version == 1


def test_an_edit_to_a_stage_outcome_moves_the_project_then(coordinator):
    item = item_at(S.DETECTED)
    decision = decision_record(agenda_item=item, by=coordinator, outcome=OUTCOME.POSTPONE)
    decision_update(decision=decision, by=coordinator, expected_version=1, outcome=OUTCOME.LAUNCH_STUDY)
    decision.refresh_from_db()
    assert decision.stage_change.to_stage == S.OPPORTUNITY_STUDY
    assert Project.objects.get(pk=item.project_id).stage == S.OPPORTUNITY_STUDY


def test_an_edit_whose_move_is_refused_saves_nothing(coordinator):
    item = item_at(S.LEADER_SEARCH)
    decision = decision_record(agenda_item=item, by=coordinator, outcome=OUTCOME.POSTPONE)
    with pytest.raises(ValidationError):
        decision_update(
            decision=decision, by=coordinator, expected_version=1, outcome=OUTCOME.LAUNCH_STUDY, rationale="Changé."
        )
    decision.refresh_from_db()
    assert decision.outcome == OUTCOME.POSTPONE and decision.rationale == "" and not StageChange.objects.exists()


def test_decisions_of_approved_minutes_are_frozen(coordinator):
    item = item_at(S.DETECTED)
    decision = decision_record(agenda_item=item, by=coordinator, outcome=OUTCOME.POSTPONE)
    Meeting.objects.filter(pk=item.meeting_id).update(status=Meeting.Status.MINUTES_APPROVED)
    with pytest.raises(ValidationError) as refused:
        decision_update(decision=decision, by=coordinator, expected_version=1, rationale="Après coup.")
    assert "ses décisions ne changent plus" in messages_of(refused.value)["__all__"]
    decision.refresh_from_db()
    assert decision.rationale == "" and decision.version == 1


def test_only_coordinators_edit(referent, coordinator):
    decision = decision_record(agenda_item=item_at(S.DETECTED), by=coordinator, outcome=OUTCOME.POSTPONE)
    with pytest.raises(PermissionDenied):
        decision_update(decision=decision, by=referent, expected_version=1, rationale="Non.")


# --- amendments ----------------------------------------------------------------------------------------


def approved_decision(coordinator, stage=S.DETECTED, outcome=OUTCOME.POSTPONE):
    item = item_at(stage)
    decision = decision_record(agenda_item=item, by=coordinator, outcome=outcome)
    Meeting.objects.filter(pk=item.meeting_id).update(status=Meeting.Status.MINUTES_APPROVED)
    return Decision.objects.select_related("agenda_item__meeting").get(pk=decision.pk)


def test_an_amendment_on_the_same_item_leaves_the_old_decision_unchanged(coordinator):
    old = approved_decision(coordinator)
    amendment = decision_record(
        agenda_item=old.agenda_item,
        by=coordinator,
        outcome=OUTCOME.LAUNCH_STUDY,
        rationale="Erreur de saisie.",
        amends=old,
    )
    assert amendment.amends == old and list(old.amendments.all()) == [amendment]
    assert amendment.stage_change.to_stage == S.OPPORTUNITY_STUDY
    old.refresh_from_db()
    assert old.outcome == OUTCOME.POSTPONE and old.version == 1


def test_an_amendment_on_a_later_meeting_of_the_same_committee(coordinator):
    old = approved_decision(coordinator)
    meeting = old.agenda_item.meeting
    later = MeetingFactory(
        committee=meeting.committee,
        status=Meeting.Status.CONVENED,
        starts_at=meeting.starts_at + datetime.timedelta(days=60),
        ends_at=meeting.ends_at + datetime.timedelta(days=60),
    )
    item = AgendaItemFactory(meeting=later, project=old.project)
    # Go from detected is not a move the machine allows: refused, nothing recorded.
    with pytest.raises(ValidationError):
        decision_record(agenda_item=item, by=coordinator, outcome=OUTCOME.GO, amends=old)
    assert Decision.objects.count() == 1
    amendment = decision_record(agenda_item=item, by=coordinator, outcome=OUTCOME.LAUNCH_STUDY, amends=old)
    assert amendment.agenda_item == item and amendment.decided_on > old.decided_on
    assert amendment.stage_change.to_stage == S.OPPORTUNITY_STUDY


def test_an_amendment_elsewhere_is_refused(coordinator):
    old = approved_decision(coordinator)
    other_committee_item = AgendaItemFactory(meeting=MeetingFactory(status=Meeting.Status.HELD), project=old.project)
    with pytest.raises(ValidationError) as refused:
        decision_record(agenda_item=other_committee_item, by=coordinator, outcome=OUTCOME.OTHER, amends=old)
    assert "séance ultérieure du même comité" in messages_of(refused.value)["agenda_item"]
    assert Decision.objects.count() == 1


def test_a_decision_of_open_minutes_is_edited_not_amended(coordinator):
    item = item_at(S.DETECTED)
    old = decision_record(agenda_item=item, by=coordinator, outcome=OUTCOME.POSTPONE)
    with pytest.raises(ValidationError) as refused:
        decision_record(agenda_item=item, by=coordinator, outcome=OUTCOME.OTHER, amends=old)
    assert "modifiez-la directement" in messages_of(refused.value)["__all__"]


def test_the_factory_decision_is_visible_to_nobody_outside(partner):
    decision = DecisionFactory()
    assert not Decision.objects.visible_to(partner).filter(pk=decision.pk).exists()
