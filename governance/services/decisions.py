"""Writes of decisions: recorded on an agenda item of a convened or held meeting, moving the project's stage in
the same transaction when the outcome opens one; edited until the minutes are approved, amended afterwards."""

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.versioning import ConcurrentEditError, check_editable, create_versioned, update_versioned
from projects.models import Project
from projects.services.projects import project_move_to_stage

from ..models import AgendaItem, Decision, Meeting
from ..notifications.events import decision_recorded_notify

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

Outcome = Decision.Outcome
# The stage (or side state) each outcome moves the project to; the other outcomes move nothing.
OUTCOME_STAGES = {
    Outcome.LAUNCH_STUDY: Project.Stage.OPPORTUNITY_STUDY,
    Outcome.GO: Project.Stage.LEADER_SEARCH,
    Outcome.APPROVE_TRANSFER: Project.Stage.TRANSMITTED,
    Outcome.NO_GO: Project.SideState.ABANDONED,
    Outcome.STOP: Project.SideState.ABANDONED,
}


def outcome_label(value: str) -> str:
    """An outcome's French label (the value itself when it is not one)."""
    return str(dict(Outcome.choices).get(value, value))


def outcome_choices() -> list[tuple[str, str]]:
    return [(value, outcome_label(value)) for value in Outcome.values]


# Decisions are taken at a meeting that has been convened (recorded during or after it).
RECORDING_STATUSES = frozenset({Meeting.Status.CONVENED, Meeting.Status.HELD})
# The fields of a decision an edit may set.
EDITABLE_FIELDS = frozenset({"outcome", "conditions", "amount", "rationale", "follow_up_on"})
# A stage move's error fields, as the decision form names them.
MOVE_FIELDS = {"to_stage": "outcome", "reason": "rationale", "stop_reason": "rationale"}


def _check_may_record(by):
    if not by.has_perm("governance.manage_meeting"):
        raise PermissionDenied


def frozen_message():
    return _(
        "Le compte rendu de cette séance est approuvé : ses décisions ne changent plus. Pour revenir sur une "
        "décision, enregistrez un avenant."
    )


def _check_meeting_takes_decisions(meeting: Meeting):
    if meeting.status == Meeting.Status.MINUTES_APPROVED:
        raise ValidationError(frozen_message(), code="minutes_approved")
    if meeting.status not in RECORDING_STATUSES:
        raise ValidationError(
            _("La séance n’est pas encore convoquée : une décision s’enregistre sur une séance convoquée ou tenue."),
            code="meeting_planned",
        )


def _check_outcome(outcome: str, item: AgendaItem):
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Cette décision n’existe pas : choisissez-en une de la liste.")})
    if outcome in OUTCOME_STAGES and item.project_id is None:
        raise ValidationError(
            {
                "outcome": _(
                    "Ce point de l’ordre du jour ne porte sur aucun projet : la décision « %(outcome)s » n’y est "
                    "pas possible. Choisissez « reporter », « réorienter », « accorder un financement » ou "
                    "« autre »."
                )
                % {"outcome": outcome_label(outcome)}
            },
            code="no_project",
        )


def _check_amount(amount):
    if amount is not None and Decimal(amount) < 0:
        raise ValidationError({"amount": _("Un montant ne peut pas être négatif.")})


def _check_amendment(amends: Decision, item: AgendaItem, meeting: Meeting):
    """An amendment refers to a decision of approved minutes; it is recorded on the same agenda item, or on an
    item of a later meeting (convened or held) of the same committee about the same project."""
    amended_meeting = Meeting.objects.filter(pk=amends.agenda_item.meeting_id).first()
    if amended_meeting is None or not amended_meeting.is_frozen:
        raise ValidationError(
            _("Cette décision n’est pas dans un compte rendu approuvé : modifiez-la directement, sans avenant."),
            code="not_frozen",
        )
    if item.pk == amends.agenda_item_id:
        return
    later = meeting.committee_id == amended_meeting.committee_id and meeting.starts_at > amended_meeting.starts_at
    if not later or item.project_id != amends.project_id:
        raise ValidationError(
            {
                "agenda_item": _(
                    "Un avenant s’enregistre sur le même point, ou sur un point d’une séance ultérieure du même "
                    "comité qui porte sur le même projet."
                )
            },
            code="amendment_item",
        )
    _check_meeting_takes_decisions(meeting)


def _move_by_decision(*, item: AgendaItem, by, outcome: str, rationale: str):
    """Carry out the outcome's stage move through the projects service (inside the caller's transaction); its
    refusals land on the decision form's fields."""
    target = OUTCOME_STAGES.get(outcome)
    if target is None:
        return None
    if target == Project.SideState.ABANDONED and not rationale.strip():
        raise ValidationError(
            {"rationale": _("Cette décision abandonne le projet : indiquez-en les motifs.")}, code="rationale_required"
        )
    project = Project.objects.select_for_update().get(pk=item.project_id)
    try:
        return project_move_to_stage(
            project=project,
            by=by,
            to_stage=target,
            expected_version=project.version,
            reason=rationale,
            by_decision=True,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {MOVE_FIELDS.get(field, field): messages for field, messages in error.error_dict.items()}
        ) from error


def _decided_on(item: AgendaItem, meeting: Meeting, amends: Decision | None):
    if amends is not None and item.pk == amends.agenda_item_id:
        # Amended on the approved meeting's own item: decided the day it is recorded.
        return timezone.localdate()
    return timezone.localtime(meeting.starts_at).date()


def decision_record(
    *,
    agenda_item: AgendaItem,
    by: "AbstractUser",
    outcome: str,
    conditions: str = "",
    amount=None,
    rationale: str = "",
    follow_up_on=None,
    amends: Decision | None = None,
) -> Decision:
    """Record a committee decision on an agenda item of a convened or held meeting (coordinators only).

    An outcome that opens a stage (launch_study, go, approve_transfer; no_go and stop abandon the project, their
    rationale as the reason) moves the project through project_move_to_stage in the same transaction, and the
    decision keeps the stage change: a move stages.py refuses records nothing. Once the minutes are approved only
    an amendment (`amends`, a decision of approved minutes) is recorded, on the same item or on an item of a later
    meeting of the same committee. Raises PermissionDenied, ValidationError with French messages.
    """
    _check_may_record(by)
    conditions, rationale = (conditions or "").strip(), (rationale or "").strip()
    _check_amount(amount)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=agenda_item.meeting_id)
        item = AgendaItem.objects.get(pk=agenda_item.pk)
        if amends is not None:
            _check_amendment(amends, item, meeting)
        else:
            _check_meeting_takes_decisions(meeting)
        _check_outcome(outcome, item)
        decision = Decision(
            agenda_item=item,
            project_id=item.project_id,
            outcome=outcome,
            conditions=conditions,
            amount=amount,
            rationale=rationale,
            follow_up_on=follow_up_on,
            decided_on=_decided_on(item, meeting, amends),
            amends=amends,
            recorded_by=by,
        )
        decision.full_clean(exclude=["stage_change"])
        decision.stage_change = _move_by_decision(item=item, by=by, outcome=outcome, rationale=rationale)
        create_versioned(decision, by=by)
        decision_recorded_notify(decision=decision)
    return decision


def decision_update(*, decision: Decision, by: "AbstractUser", expected_version: int | None, **fields: Any) -> Decision:
    """Save an edit of a decision until its meeting's minutes are approved (then: an amendment). The outcome of a
    decision that moved the project's stage does not change; a decision that moved nothing and now opens a stage
    moves the project, in the same transaction."""
    _check_may_record(by)
    check_editable(fields, EDITABLE_FIELDS)
    for name in ("conditions", "rationale"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    _check_amount(fields.get("amount"))
    with transaction.atomic():
        stored = Decision.objects.select_for_update().filter(pk=decision.pk).first()
        if stored is None or expected_version is None or int(expected_version) != stored.version:
            raise ConcurrentEditError()
        item = AgendaItem.objects.get(pk=stored.agenda_item_id)
        meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
        if meeting.is_frozen:
            raise ValidationError(frozen_message(), code="minutes_approved")
        outcome = fields.get("outcome", stored.outcome)
        if outcome != stored.outcome:
            if stored.stage_change_id is not None:
                change = stored.stage_change
                raise ValidationError(
                    {
                        "outcome": _(
                            "Cette décision a fait passer le projet de « %(from)s » à « %(to)s » : sa nature ne "
                            "change plus. Si le comité est revenu dessus, enregistrez une nouvelle décision."
                        )
                        % {"from": change.get_from_stage_display(), "to": change.get_to_stage_display()}
                    },
                    code="outcome_moved_stage",
                )
            _check_outcome(outcome, item)
            rationale = fields.get("rationale", stored.rationale)
            change = _move_by_decision(item=item, by=by, outcome=outcome, rationale=rationale)
            if change is not None:
                # Not an edit field: set on the row the update saves.
                decision.stage_change = change
        update_versioned(decision, by=by, expected_version=stored.version, fields=fields)
    return decision
