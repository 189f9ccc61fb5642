"""Writes of the social-innovation grid (a project's scores) and of the lists coordinators extend."""

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Project, ProjectCriterionScore, SocialInnovationCriterion, StopReason

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


def project_score_criterion(
    *, project: Project, by: "AbstractUser", criterion: SocialInnovationCriterion, score: int, comment: str = ""
) -> ProjectCriterionScore:
    """Score the project on one criterion (0 to 3, with a comment), replacing its earlier score."""
    if not by.has_perm("projects.score_project", project):
        raise PermissionDenied
    if not criterion.active:
        raise ValidationError({"criterion": _("Ce critère n’est plus en usage.")})
    with transaction.atomic():
        record = ProjectCriterionScore.objects.select_for_update().filter(
            project=project, criterion=criterion
        ).first() or ProjectCriterionScore(project=project, criterion=criterion)
        record.score = score
        record.comment = (comment or "").strip()
        record._history_user = by
        record.full_clean()
        record.save()
    return record


def criterion_create(*, by: "AbstractUser", name: str, position: int | None = None) -> SocialInnovationCriterion:
    """Add a criterion to the grid (coordinators), last unless placed."""
    if not by.has_perm("projects.manage_criteria"):
        raise PermissionDenied
    if position is None:
        last = SocialInnovationCriterion.objects.order_by("-position").values_list("position", flat=True).first()
        position = (last or 0) + 1
    criterion = SocialInnovationCriterion(name=(name or "").strip(), position=position)
    criterion.full_clean()
    criterion.save()
    return criterion


def stop_reason_create(*, by: "AbstractUser", name: str) -> StopReason:
    """Add a reason for pausing or abandoning projects to the list (coordinators)."""
    if not by.has_perm("projects.manage_stop_reasons"):
        raise PermissionDenied
    last = StopReason.objects.order_by("-position").values_list("position", flat=True).first()
    reason = StopReason(name=(name or "").strip(), position=(last or 0) + 1)
    reason.full_clean()
    reason.save()
    return reason


def criterion_set_active(*, by: "AbstractUser", criterion: SocialInnovationCriterion, active: bool):
    """Take a criterion out of the grid (its scores are kept) or put it back (coordinators)."""
    if not by.has_perm("projects.manage_criteria"):
        raise PermissionDenied
    SocialInnovationCriterion.objects.filter(pk=criterion.pk).update(active=active)
    criterion.active = active
    return criterion


def stop_reason_set_active(*, by: "AbstractUser", stop_reason: StopReason, active: bool):
    """Stop proposing a reason (the stage changes that give it keep it) or propose it again (coordinators)."""
    if not by.has_perm("projects.manage_stop_reasons"):
        raise PermissionDenied
    StopReason.objects.filter(pk=stop_reason.pk).update(active=active)
    stop_reason.active = active
    return stop_reason
