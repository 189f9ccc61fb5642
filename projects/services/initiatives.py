"""Writes of the library of inspiring initiatives: creation and versioned edits by coordinators, and the
replication of an initiative as a project of a territory (« essaimage »)."""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.versioning import check_editable, create_versioned, update_versioned
from territories.models import EngagedTerritory, Need, Opportunity

from ..models import Initiative, Project
from .projects import project_create

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

# The fields an edit page sets (the status included: a coordinator publishes or withdraws an initiative).
EDITABLE = frozenset(
    {
        "title",
        "summary",
        "description",
        "origin_region",
        "origin_town",
        "sector",
        "target_public",
        "economic_model",
        "legal_form",
        "structure_name",
        "structure_website",
        "year_started",
        "jobs_fte",
        "results",
        "replication_conditions",
        "tags",
        "source_url",
        "status",
    }
)
TITLE_MAX_LENGTH = Project._meta.get_field("title").max_length
# Ideas still waiting for review, or declined at it, are not needs a project answers.
UNREVIEWED = (Need.Status.TO_REVIEW, Need.Status.DECLINED)


def initiative_create(*, by: "AbstractUser", **fields: Any) -> Initiative:
    """Record an initiative of the library (a draft unless `status` says otherwise); coordinators only.
    Raises PermissionDenied for anyone else, ValidationError on bad input (nothing saved)."""
    if not by.has_perm("projects.add_initiative"):
        raise PermissionDenied
    check_editable(fields, EDITABLE)
    initiative = Initiative(recorded_by=by, **fields)
    return create_versioned(initiative, by=by)


def initiative_update(
    *, initiative: Initiative, by: "AbstractUser", expected_version: int | None, **fields: Any
) -> Initiative:
    """Save an edit of an initiative opened on `expected_version`; coordinators only.
    Raises ConcurrentEditError if someone saved it since, PermissionDenied for anyone else."""
    if not by.has_perm("projects.change_initiative", initiative):
        raise PermissionDenied
    check_editable(fields, EDITABLE)
    return update_versioned(initiative, by=by, expected_version=expected_version, fields=fields)


def replication_title(initiative: Initiative, territory: EngagedTerritory) -> str:
    """The title a replication starts with: « <initiative> — <territory> », cut to what a project's title holds."""
    return f"{initiative.title} — {territory.name}"[:TITLE_MAX_LENGTH]


def _check_replication(
    initiative: Initiative,
    *,
    by: "AbstractUser",
    territory: EngagedTerritory,
    need: Need | None,
    opportunity: Opportunity | None,
):
    published = Initiative.objects.filter(pk=initiative.pk, status=Initiative.Status.PUBLISHED).exists()
    if not published:
        raise ValidationError(_("Une initiative en brouillon ne s’essaime pas : publiez-la d’abord."))
    if not by.has_perm("projects.replicate_initiative", initiative):
        raise PermissionDenied
    if not by.has_perm("territories.add_in_territory", territory):
        raise ValidationError(
            {"territory": _("Vous ne pouvez pas essaimer sur ce territoire : choisissez l’un des vôtres.")}
        )
    if need is not None:
        if need.territory_id != territory.pk:
            raise ValidationError(
                {
                    "need": _("Le besoin « %(title)s » n’est pas un besoin du territoire « %(territory)s ».")
                    % {"title": need.title, "territory": territory.name}
                }
            )
        readable = Need.objects.visible_to(by).filter(pk=need.pk).exclude(status__in=UNREVIEWED).exists()
        if not readable:
            raise ValidationError({"need": _("Ce besoin n’est pas l’un des besoins examinés de vos territoires.")})
    if opportunity is not None and opportunity.territory_id != territory.pk:
        raise ValidationError(
            {
                "opportunity": _(
                    "L’opportunité « %(title)s » n’est pas une opportunité du territoire « %(territory)s »."
                )
                % {"title": opportunity.title, "territory": territory.name}
            }
        )


def initiative_replicate(
    *,
    initiative: Initiative,
    by: "AbstractUser",
    territory: EngagedTerritory,
    need: Need | None = None,
    opportunity: Opportunity | None = None,
    title: str = "",
) -> Project:
    """Start the replication of a published initiative on a territory the user may edit: a project of origin
    « essaimage d’une initiative », linked to the initiative and to the need (and opportunity) it answers, with
    the initiative's sector, summary and target public, at the stage « idée détectée » (through project_create).

    Raises ValidationError with a French message (a draft, a territory the user may not edit, a need or an
    opportunity of another territory: nothing saved), PermissionDenied for a user who does not create projects.
    """
    _check_replication(initiative, by=by, territory=territory, need=need, opportunity=opportunity)
    with transaction.atomic():
        return project_create(
            by=by,
            territory=territory,
            needs=[need] if need is not None else [],
            title=(title or "").strip() or replication_title(initiative, territory),
            origin=Project.Origin.REPLICATION,
            initiative=initiative,
            opportunity=opportunity,
            sector=initiative.sector,
            summary=initiative.summary,
            target_public=str(initiative.get_target_public_display()),
            target_legal_form=initiative.legal_form[: Project._meta.get_field("target_legal_form").max_length],
        )
