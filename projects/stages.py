"""The stage machine of a project: every allowed move, declared here and nowhere else.

A project goes detected → opportunity_study → leader_search → transmitted → incubation → created, one
stage at a time; it may step back one stage (with a written reason: a study resumed, a leader who
withdraws). From any stage before created it may be paused (on_hold) or abandoned, each with a reason; a
paused project is reactivated at the stage it left, or abandoned. Abandoned and created are final.

The stages a steering-committee decision opens (opportunity_study, transmitted) are entered, until the
governance issue links stage changes to decisions, only by a coordinator with a written reason; the
change is then marked « sans décision du comité ».

services.project_move_to_stage is the only code that changes a stage: it asks `check_move` here.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.rules import is_coordinator

from .models import Project

Stage = Project.Stage
SideState = Project.SideState
ON_HOLD = SideState.ON_HOLD
ABANDONED = SideState.ABANDONED

# Forward moves, one stage at a time.
FORWARD = {
    Stage.DETECTED: Stage.OPPORTUNITY_STUDY,
    Stage.OPPORTUNITY_STUDY: Stage.LEADER_SEARCH,
    Stage.LEADER_SEARCH: Stage.TRANSMITTED,
    Stage.TRANSMITTED: Stage.INCUBATION,
    Stage.INCUBATION: Stage.CREATED,
}
# Backward moves, one stage back, each with a written reason.
BACKWARD = {
    Stage.OPPORTUNITY_STUDY: Stage.DETECTED,
    Stage.LEADER_SEARCH: Stage.OPPORTUNITY_STUDY,
    Stage.TRANSMITTED: Stage.LEADER_SEARCH,
    Stage.INCUBATION: Stage.TRANSMITTED,
}
# The stages a steering-committee decision opens.
COMMITTEE_STAGES = frozenset({Stage.OPPORTUNITY_STUDY, Stage.TRANSMITTED})
# The side states, entered with a stop reason (from the list) or a comment.
STOP_STATES = frozenset({ON_HOLD, ABANDONED})
# What a created enterprise must have recorded: field name → message.
CREATED_REQUIRES = {
    "creation_date": gettext_lazy("la date de création"),
    "target_legal_form": gettext_lazy("la forme juridique"),
    "siret": gettext_lazy("le SIRET"),
}


def _with_stops(targets):
    return frozenset({*targets, ON_HOLD, ABANDONED})


# The one table of allowed moves: from a stage (the project active there) to stages and side states.
ALLOWED_MOVES = {
    Stage.DETECTED: _with_stops({FORWARD[Stage.DETECTED]}),
    Stage.OPPORTUNITY_STUDY: _with_stops({FORWARD[Stage.OPPORTUNITY_STUDY], BACKWARD[Stage.OPPORTUNITY_STUDY]}),
    Stage.LEADER_SEARCH: _with_stops({FORWARD[Stage.LEADER_SEARCH], BACKWARD[Stage.LEADER_SEARCH]}),
    Stage.TRANSMITTED: _with_stops({FORWARD[Stage.TRANSMITTED], BACKWARD[Stage.TRANSMITTED]}),
    Stage.INCUBATION: _with_stops({FORWARD[Stage.INCUBATION], BACKWARD[Stage.INCUBATION]}),
    Stage.CREATED: frozenset(),
}

STEP_LABELS = {**dict(Stage.choices), **dict(SideState.choices)}


def current_step(project: Project) -> str:
    """Where the project stands: its side state if paused or abandoned, its stage otherwise."""
    return project.side_state or project.stage


def allowed_targets(project: Project) -> frozenset:
    """The stages and side states the project may move to from where it stands."""
    if project.side_state == ABANDONED:
        return frozenset()
    if project.side_state == ON_HOLD:
        # Reactivated at the stage it left, or abandoned.
        return frozenset({project.stage, ABANDONED})
    return ALLOWED_MOVES[project.stage]


def enters_committee_stage(project: Project, to_step: str) -> bool:
    """The move enters a stage a committee decision opens (a paused project going back to it does not)."""
    return to_step in COMMITTEE_STAGES and project.side_state != ON_HOLD


def needs_reason(project: Project, to_step: str, *, by_decision: bool = False) -> bool:
    """A written reason is needed to step back and to enter a committee stage without its decision."""
    stepping_back = project.side_state == "" and BACKWARD.get(project.stage) == to_step
    return stepping_back or (enters_committee_stage(project, to_step) and not by_decision)


def _label(step):
    return str(STEP_LABELS.get(step, step))


def check_move(
    project: Project, *, by, to_step: str, reason: str = "", stop_reason=None, by_decision: bool = False
) -> bool:
    """Refuse an illegal move with a French message (ValidationError, or PermissionDenied for a committee
    stage entered by someone else than a coordinator). Returns whether the move enters a committee stage
    without its decision. The caller has checked that `by` may move the project at all.

    `by_decision`: the move carries out a committee decision being recorded (the caller checked who may record
    it): a committee stage is then entered without a written reason and is not marked without decision; the
    move must still be one of ALLOWED_MOVES, and a forward one (or a pause, an abandonment)."""
    if to_step not in STEP_LABELS:
        raise ValidationError({"to_stage": _("Cette étape n’existe pas.")}, code="unknown_stage")
    here = current_step(project)
    if to_step == here:
        raise ValidationError(
            {"to_stage": _("Le projet est déjà à l’étape « %(stage)s ».") % {"stage": _label(here)}},
            code="same_stage",
        )
    if to_step not in allowed_targets(project):
        if project.side_state == ABANDONED:
            message = _("Un projet abandonné ne change plus d’étape.")
        elif project.stage == Stage.CREATED:
            message = _("L’entreprise est créée : le projet ne change plus d’étape.")
        elif project.side_state == ON_HOLD:
            message = _("Un projet en pause reprend à l’étape qu’il a quittée (« %(stage)s ») ou est abandonné.") % {
                "stage": _label(project.stage)
            }
        else:
            message = _(
                "Le passage de « %(from)s » à « %(to)s » n’est pas possible : un projet avance d’une étape "
                "à la fois, ou revient d’une étape en arrière."
            ) % {"from": _label(here), "to": _label(to_step)}
        raise ValidationError({"to_stage": message}, code="illegal_move")
    if by_decision and to_step not in STOP_STATES and FORWARD.get(project.stage) != to_step:
        # A decision opens the next stage; going back is a referent's move with its reason, not a decision's.
        raise ValidationError(
            {
                "to_stage": _(
                    "Une décision du comité fait avancer le projet d’une étape : de « %(from)s », il ne passe pas "
                    "à « %(to)s »."
                )
                % {"from": _label(here), "to": _label(to_step)}
            },
            code="illegal_move",
        )
    reason = (reason or "").strip()
    if to_step in STOP_STATES and stop_reason is None and not reason:
        raise ValidationError(
            {"reason": _("Indiquez le motif de la pause ou de l’abandon : choisissez-en un ou écrivez-le.")},
            code="stop_reason_required",
        )
    without_decision = enters_committee_stage(project, to_step) and not by_decision
    if without_decision and not is_coordinator.test(by):
        raise PermissionDenied(
            _(
                "L’étape « %(stage)s » s’ouvre sur une décision du comité de pilotage, enregistrée à sa séance : "
                "seule la coordination peut y faire passer un projet."
            )
            % {"stage": _label(to_step)}
        )
    if needs_reason(project, to_step, by_decision=by_decision) and not reason:
        if without_decision:
            message = _(
                "Sans décision du comité de pilotage, indiquez par écrit pourquoi le projet passe à "
                "l’étape « %(stage)s »."
            ) % {"stage": _label(to_step)}
        else:
            message = _("Indiquez pourquoi le projet revient à l’étape « %(stage)s ».") % {"stage": _label(to_step)}
        raise ValidationError({"reason": message}, code="reason_required")
    if to_step == Stage.CREATED:
        missing = [label for name, label in CREATED_REQUIRES.items() if not getattr(project, name)]
        if missing:
            raise ValidationError(
                {
                    "to_stage": _("Pour passer à « entreprise créée », renseignez d’abord %(missing)s.")
                    % {"missing": ", ".join(str(label) for label in missing)}
                },
                code="created_incomplete",
            )
    return without_decision
