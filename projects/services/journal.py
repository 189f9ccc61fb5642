"""Writes of a project's journal and next steps, keeping the two dates that tell a stalled project up to date."""

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min, Q
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import aggregates
from core.dates import not_in_future
from core.roles import Role

from ..models import JournalEntry, NextStep, Project

if TYPE_CHECKING:
    import datetime

    from django.contrib.auth.models import AbstractUser

OWNER_REFUSED = _(
    "Le ou la responsable d’une prochaine étape est un·e coordinateur·rice ou un·e référent·e du territoire "
    "du projet : choisissez-en un·e dans la liste."
)
ALREADY_DONE = _("Cette prochaine étape est déjà faite.")


def _check_may_change(user, project: Project):
    if not user.has_perm("projects.change_project", project):
        raise PermissionDenied


def journal_entry_create(*, by: "AbstractUser", project: Project, **fields: Any) -> JournalEntry:
    """Log a dated entry (a meeting, an interview, a visit…) in the project's journal; the project's last
    activity moves to its date when later. Raises PermissionDenied, or ValidationError (a date to come)."""
    _check_may_change(by, project)
    entry = JournalEntry(project=project, by=by, **fields)
    try:
        not_in_future(entry.date)
    except ValidationError as error:
        raise ValidationError({"date": error.error_list}) from None
    entry.full_clean()
    with transaction.atomic():
        entry.save()
        # A plain update (outside the project's history and version): an entry logged while someone edits
        # the project does not make their edit a conflict.
        Project.objects.filter(pk=project.pk).update(last_activity_on=Greatest("last_activity_on", entry.date))
        aggregates.changed(Project)  # a plain update sends no signal: the cached counts of stalled projects
    if project.last_activity_on is None or entry.date > project.last_activity_on:
        project.last_activity_on = entry.date
    return entry


def next_step_owners(project: Project):
    """Who may own a next step of the project: the coordinators and the referents of its territory, active."""
    referent_actor_id = project.territory.referent_actor_id
    condition = Q(role=Role.COORDINATOR)
    if referent_actor_id:
        condition |= Q(role=Role.REFERENT, organisation_id=referent_actor_id)
    return get_user_model().objects.filter(condition, is_active=True)


def _refresh_next_step_due(project: Project):
    """Set the project's next due date to the earliest of its open next steps (None when none is open)."""
    earliest = NextStep.objects.filter(project_id=project.pk, done_at__isnull=True).aggregate(due=Min("due_date"))
    Project.objects.filter(pk=project.pk).update(next_step_due=earliest["due"])
    aggregates.changed(Project)  # a plain update sends no signal: the cached counts of stalled projects
    project.next_step_due = earliest["due"]


def next_step_create(*, by: "AbstractUser", project: Project, text: str, owner, due_date: "datetime.date") -> NextStep:
    """Set a next step of the project, with its owner (a coordinator or a referent of its territory) and due
    date; the project's next due date follows. Raises PermissionDenied, or ValidationError on bad input."""
    _check_may_change(by, project)
    if owner is None or not next_step_owners(project).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": OWNER_REFUSED})
    step = NextStep(project=project, text=text, owner=owner, due_date=due_date, by=by)
    step.full_clean()
    with transaction.atomic():
        # The project row locked first: two next steps set at once each see the other when recomputing.
        Project.objects.select_for_update().filter(pk=project.pk).values_list("pk", flat=True).first()
        step.save()
        _refresh_next_step_due(project)
    return step


def next_step_done(*, by: "AbstractUser", next_step: NextStep) -> NextStep:
    """Mark a next step done (now); the project's next due date moves to its next open step. Marking one already
    done changes nothing and says so. Raises PermissionDenied, or ValidationError."""
    project = next_step.project
    _check_may_change(by, project)
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).values_list("pk", flat=True).first()
        done = NextStep.objects.filter(pk=next_step.pk, done_at__isnull=True).update(done_at=timezone.now())
        if not done:
            raise ValidationError(ALREADY_DONE, code="already_done")
        # Done is activity: the project is not stalled the day its next step is ticked off.
        Project.objects.filter(pk=project.pk).update(
            last_activity_on=Greatest("last_activity_on", timezone.localdate())
        )
        _refresh_next_step_due(project)
    next_step.refresh_from_db(fields=["done_at"])
    project.last_activity_on = max(project.last_activity_on or timezone.localdate(), timezone.localdate())
    return next_step
