"""Writes of projects: creation (with its reference), versioned edits, and the one move of a stage."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.versioning import ConcurrentEditError, create_versioned, update_versioned
from territories.models import EngagedTerritory, Need, Opportunity

from ..models import Project, ReferenceCounter, StageChange, StopReason
from ..notifications import project_reminders_replan
from ..stages import STOP_STATES, check_move

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

REFERENCE_PREFIX = "FAB"
# The fields of a project no edit sets: its stage moves through project_move_to_stage alone.
NOT_EDITABLE = frozenset(
    {
        "reference",
        "stage",
        "side_state",
        "stage_since",
        "version",
        "recorded_by",
        "territory",
        "last_activity_on",
        "next_step_due",
    }
)


def next_reference(year: int) -> str:
    """The next free reference of the year ("FAB-2026-0001"), its counter row locked until the transaction ends.

    Two creations at the same instant wait for each other on the counter row; the first creation of a
    year may race on inserting the row, which the unique year settles (get_or_create reads it back); the
    unique reference stays the last guard.
    """
    with transaction.atomic():
        ReferenceCounter.objects.get_or_create(year=year)
        counter = ReferenceCounter.objects.select_for_update().get(year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
        return f"{REFERENCE_PREFIX}-{year}-{counter.last:04d}"


def _check_of_territory(territory: EngagedTerritory, *, needs: list[Need], opportunity: Opportunity | None):
    foreign = [need for need in needs if need.territory_id != territory.pk]
    if foreign:
        raise ValidationError(
            {
                "needs": _("Un projet ne répond qu’à des besoins de son territoire : « %(title)s » n’en est pas.")
                % {"title": foreign[0].title}
            }
        )
    if opportunity is not None and opportunity.territory_id != territory.pk:
        raise ValidationError({"opportunity": _("L’opportunité doit être celle du territoire du projet.")})


def _check_fields(fields: dict[str, Any]):
    refused = NOT_EDITABLE & set(fields)
    if refused:
        # A programming error rather than a user's: forms do not offer these fields.
        raise ValueError(f"not set by an edit: {sorted(refused)}; the stage moves through project_move_to_stage")


def _opportunity_in_project(opportunity: Opportunity | None, *, by):
    """The opportunity a project starts from follows to « en projet » (unless already there)."""
    if opportunity is None:
        return
    stored = Opportunity.objects.select_for_update().filter(pk=opportunity.pk).values_list("version", "status").first()
    if stored is None or stored[1] == Opportunity.Status.IN_PROJECT:
        return
    update_versioned(opportunity, by=by, expected_version=stored[0], fields={"status": Opportunity.Status.IN_PROJECT})


def project_create(
    *,
    by: "AbstractUser",
    territory: EngagedTerritory,
    needs: Iterable[Need] = (),
    referent_users: Iterable = (),
    **fields: Any,
) -> Project:
    """Record a project on a territory the user may edit, at the stage « idée détectée », with its reference;
    its opportunity, if any, goes « en projet ». Raises PermissionDenied elsewhere, ValidationError on bad input."""
    if not by.has_perm("territories.add_in_territory", territory):
        raise PermissionDenied
    _check_fields(fields)
    needs = list(needs)
    _check_of_territory(territory, needs=needs, opportunity=fields.get("opportunity"))
    now = timezone.now()
    with transaction.atomic():
        project = Project(
            territory=territory,
            recorded_by=by,
            stage=Project.Stage.DETECTED,
            stage_since=now,
            last_activity_on=timezone.localdate(),
            reference=next_reference(timezone.localdate().year),
            **fields,
        )
        create_versioned(project, by=by, m2m={"needs": needs, "referent_users": list(referent_users)})
        StageChange.objects.create(project=project, from_stage="", to_stage=Project.Stage.DETECTED, at=now, by=by)
        _opportunity_in_project(project.opportunity, by=by)
    return project


def project_update(
    *,
    project: Project,
    by: "AbstractUser",
    expected_version: int | None,
    needs: Iterable[Need] | None = None,
    referent_users: Iterable | None = None,
    **fields: Any,
) -> Project:
    """Save an edit of a project opened on `expected_version` (its territory, reference and stage stay).

    Raises ConcurrentEditError if someone saved it since, PermissionDenied outside the user's territories.
    """
    if not by.has_perm("projects.change_project", project):
        raise PermissionDenied
    territory = fields.pop("territory", None)
    if territory is not None and territory.pk != project.territory_id:
        raise ValidationError({"territory": _("Le territoire d’un projet existant ne change pas.")})
    _check_fields(fields)
    m2m = {}
    if needs is not None:
        m2m["needs"] = list(needs)
        _check_of_territory(project.territory, needs=m2m["needs"], opportunity=None)
    if referent_users is not None:
        m2m["referent_users"] = list(referent_users)
    opportunity = fields.get("opportunity")
    _check_of_territory(project.territory, needs=[], opportunity=opportunity)
    with transaction.atomic():
        previous = Project.objects.filter(pk=project.pk).values_list("opportunity_id", flat=True).first()
        update_versioned(project, by=by, expected_version=expected_version, fields=fields, m2m=m2m)
        if opportunity is not None and opportunity.pk != previous:
            _opportunity_in_project(opportunity, by=by)
    return project


def project_move_to_stage(
    *,
    project: Project,
    by: "AbstractUser",
    to_stage: str,
    expected_version: int | None,
    reason: str = "",
    stop_reason: StopReason | None = None,
    by_decision: bool = False,
) -> StageChange:
    """Move the project to a stage or a side state (on_hold, abandoned), if stages.py allows it; the only code
    that changes a stage. Writes the stage change, in one transaction with the project's new version.

    `by_decision=True` is the path of a committee decision being recorded (governance's decision_record, in its
    own transaction, links the returned stage change to the decision): a committee stage is entered without a
    written reason, and the change is not marked « sans décision du comité ».

    Raises PermissionDenied (a user who may not move it; a committee stage entered by a non-coordinator),
    ValidationError with a French message (an illegal move, a missing reason), ConcurrentEditError.
    """
    if not by.has_perm("projects.move_project", project):
        raise PermissionDenied
    reason = (reason or "").strip()
    with transaction.atomic():
        stored = Project.objects.select_for_update().filter(pk=project.pk).first()
        if stored is None or expected_version is None or int(expected_version) != stored.version:
            raise ConcurrentEditError()
        # Checked on the stored row: the caller's instance may carry unsaved values.
        without_decision = check_move(
            stored, by=by, to_step=to_stage, reason=reason, stop_reason=stop_reason, by_decision=by_decision
        )
        from_step = stored.side_state or stored.stage
        now = timezone.now()
        # A move is activity: the project is not stalled for want of journal entries the day it moves.
        if to_stage in STOP_STATES:
            fields = {"side_state": to_stage, "last_activity_on": timezone.localdate()}
        else:
            # Reactivating a paused project keeps its stage and its stage_since.
            fields = {"side_state": "", "last_activity_on": timezone.localdate()}
            if to_stage != stored.stage:
                fields.update(stage=to_stage, stage_since=now)
        stored._history_user = by
        for name, value in fields.items():
            setattr(stored, name, value)
        stored.version += 1
        stored.save(update_fields=[*fields, "version", "updated_at"])
        change = StageChange.objects.create(
            project=stored,
            from_stage=from_step,
            to_stage=to_stage,
            at=now,
            by=by,
            reason=reason,
            stop_reason=stop_reason if to_stage in STOP_STATES else None,
            is_without_decision=without_decision,
        )
        if to_stage in STOP_STATES or from_step in STOP_STATES:
            # Paused or abandoned: its reminders are cancelled; reactivated: they are armed again.
            project_reminders_replan(project=stored)
    for name in (*fields, "version", "updated_at"):
        setattr(project, name, getattr(stored, name))
    return change


def projects_import(*, rows: Iterable[dict[str, Any]], by: "AbstractUser") -> list[Project]:
    """Save every validated row of an import as a new project (imports/projects.py), all or nothing."""
    with transaction.atomic():
        return [project_create(by=by, **row) for row in rows]
