"""Reads of projects, scoped to what the user may see."""

from django.shortcuts import get_object_or_404

from ..models import Project, ProjectCriterionScore, SocialInnovationCriterion, StageChange

# What the list of projects shows, and nothing more: a narrow row keeps a sort over every project (by stage,
# which no index serves) quick at national scale, and the leader's personal data is never read.
LIST_FIELDS = (
    "reference",
    "title",
    "territory__name",
    "sector__name",
    "stage",
    "side_state",
    "stage_since",
    "last_activity_on",
    "next_step_due",
    "created_at",
)
# What its export adds.
EXPORT_FIELDS = (
    *LIST_FIELDS,
    "origin",
    "summary",
    "target_public",
    "target_legal_form",
    "referent_actor__name",
    "leader_structure__name",
    "jobs_planned_fte",
    "jobs_created_fte",
    "non_relocatable",
    "budget",
    "creation_date",
    "siret",
)


def project_list(*, user):
    """The projects the user reads, with what a list row shows, in a number of queries that does not grow."""
    return Project.objects.visible_to(user).select_related("territory", "sector").only(*LIST_FIELDS)


def project_export_rows(rows):
    """`rows` of project_list with what the export reads too (still one query, no personal data)."""
    return rows.select_related("referent_actor", "leader_structure").only(*EXPORT_FIELDS)


def project_get(*, user, pk):
    """The project with what its detail and edit pages show, or 404 when the user may not see it."""
    queryset = (
        Project.objects.visible_to(user)
        .select_related("territory", "sector", "opportunity", "referent_actor", "leader_structure", "recorded_by")
        .prefetch_related("needs", "referent_users")
    )
    return get_object_or_404(queryset, pk=pk)


def project_stage_changes(*, project):
    return (
        StageChange.objects.filter(project=project).select_related("by", "stop_reason", "decision").order_by("at", "pk")
    )


def project_criterion_scores(*, project):
    """Each active criterion of the grid with the project's score on it (None when not scored)."""
    scores = {score.criterion_id: score for score in ProjectCriterionScore.objects.filter(project=project)}
    return [
        (criterion, scores.get(criterion.pk)) for criterion in SocialInnovationCriterion.objects.filter(active=True)
    ]
