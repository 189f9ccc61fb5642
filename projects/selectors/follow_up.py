"""Reads of a project's follow-up: journal, next steps, funding lines and documents, as the user may read them."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from core.listing import BLOCK_ROWS, Block

from ..models import FundingLine, JournalEntry, NextStep, Project, ProjectDocument

ZERO = Decimal("0")
PLANNED = FundingLine.Status.PLANNED
# The statuses whose line carries an amount granted.
GRANTED_STATUSES = frozenset({FundingLine.Status.GRANTED, FundingLine.Status.PAID})


def may_read_internal(user, project) -> bool:
    """Internal journal entries and documents: coordinators and the referents of the project's territory, like
    the leader's personal data; never partners, nor the referents of other territories."""
    return user.has_perm("projects.view_internal_follow_up", project)


def _shared_only(queryset, user, project):
    return queryset if may_read_internal(user, project) else queryset.filter(is_internal=False)


def project_journal(*, project, user):
    """The project's journal entries the user may read, latest first (internal ones for coordinators and the
    referents of its territory only)."""
    entries = JournalEntry.objects.filter(project=project).select_related("by")
    return _shared_only(entries, user, project).order_by("-date", "-pk")


def project_next_steps(*, project):
    """The open next steps of the project, the earliest due first, with their owner."""
    return (
        NextStep.objects.filter(project=project, done_at__isnull=True)
        .select_related("owner")
        .order_by("due_date", "pk")
    )


def next_step_get(*, user, pk):
    """A next step of a project the user reads, with its project, or 404."""
    queryset = NextStep.objects.filter(project__in=Project.objects.visible_to(user)).select_related(
        "project", "project__territory", "owner"
    )
    return get_object_or_404(queryset, pk=pk)


@dataclass
class FundingTotals:
    planned: Decimal = ZERO  # lines not yet asked for
    requested: Decimal = ZERO  # asked for (every status but planned)
    granted: Decimal = ZERO  # granted or paid


@dataclass
class ProjectFunding:
    lines: list
    totals: FundingTotals = field(default_factory=FundingTotals)


def totals_of(lines) -> FundingTotals:
    """The totals of funding lines already read (no query)."""
    totals = FundingTotals()
    for line in lines:
        if line.status == PLANNED:
            totals.planned += line.amount_requested or ZERO
        else:
            totals.requested += line.amount_requested or ZERO
        if line.status in GRANTED_STATUSES:
            totals.granted += line.amount_granted or ZERO
    return totals


def project_funding(*, project) -> ProjectFunding:
    """The project's funding lines (latest year first) with their funders, and their totals, in one query."""
    lines = list(
        FundingLine.objects.filter(project=project).select_related("funder", "recorded_by").order_by("-year", "pk")
    )
    return ProjectFunding(lines=lines, totals=totals_of(lines))


def funding_line_get(*, user, pk):
    """A funding line of a project the user reads, with what its edit page shows, or 404."""
    queryset = FundingLine.objects.filter(project__in=Project.objects.visible_to(user)).select_related(
        "project", "project__territory", "funder"
    )
    return get_object_or_404(queryset, pk=pk)


def funding_lines(*, user):
    """The funding lines of the projects the user reads."""
    return FundingLine.objects.filter(project__in=Project.objects.visible_to(user))


def _amount_sum(condition):
    return Coalesce(Sum("amount_requested", filter=condition), Value(ZERO), output_field=DecimalField())


def _sums():
    planned = Q(status=PLANNED)
    return {
        "planned": _amount_sum(planned),
        "requested": _amount_sum(~planned),
        "granted": Coalesce(
            Sum("amount_granted", filter=Q(status__in=GRANTED_STATUSES)), Value(ZERO), output_field=DecimalField()
        ),
    }


def totals_per_funder(lines):
    """Per funder and year of `lines`: amounts planned, requested and granted, and the number of projects;
    latest year first, then by funder."""
    return (
        lines.order_by()
        .values("funder_id", "funder__name", "year")
        .annotate(**_sums(), projects=Count("project_id", distinct=True))
        .order_by("-year", "funder__name", "funder_id")
    )


def funder_totals(*, user, year=None):
    """The totals per funder and year over the projects the user reads (of one year if given)."""
    lines = funding_lines(user=user)
    if year:
        lines = lines.filter(year=year)
    return totals_per_funder(lines)


def funding_grand_totals(lines) -> FundingTotals:
    """The totals of all of `lines`, in one query."""
    return FundingTotals(**lines.order_by().aggregate(**_sums()))


@dataclass
class FollowUp:
    """Everything of a project's follow-up the user reads, read once for its detail page (the blocks and the
    timeline): four queries whatever the sizes."""

    journal: list  # every entry the user reads, latest first
    next_steps: list  # the open ones, the earliest due first
    funding: ProjectFunding
    documents: list  # the ones the user reads, latest first

    def journal_block(self, limit=BLOCK_ROWS) -> Block:
        return Block(rows=self.journal[:limit], total=len(self.journal))


def project_follow_up(*, project, user) -> FollowUp:
    return FollowUp(
        journal=list(project_journal(project=project, user=user)),
        next_steps=list(project_next_steps(project=project)),
        funding=project_funding(project=project),
        documents=list(project_documents(project=project, user=user).select_related("uploaded_by")),
    )


def project_documents(*, project, user):
    """The project's documents the user may read (internal ones for coordinators and the referents of its
    territory only), latest first; the file itself is read through document_get."""
    documents = ProjectDocument.objects.filter(project=project).defer("file")
    return _shared_only(documents, user, project).order_by("-uploaded_at", "-pk")


def document_get(*, user, pk):
    """A document the user may download, or 404: its project must be one the user reads, and an internal document
    is read by coordinators and the referents of the project's territory only."""
    queryset = ProjectDocument.objects.filter(project__in=Project.objects.visible_to(user)).select_related(
        "project__territory"
    )
    document = get_object_or_404(queryset, pk=pk)
    if document.is_internal and not may_read_internal(user, document.project):
        raise Http404
    return document
