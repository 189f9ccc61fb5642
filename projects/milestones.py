"""The conditions that place a project's milestones in a year: the moves the indicators count (a study launched, a
study concluded, a project transmitted) and where a project stood on 31 December.

One definition each, read by the indicators (governance/indicators.py) and by the project list's filters that
open the rows behind a figure (filters/projects.py), so that a count and its list always agree.
"""

import datetime

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Project, StageChange

Stage = Project.Stage

# The moves that conclude an opportunity study: go (leader search) or no-go (abandoned).
STUDY_CONCLUSIONS = (Stage.LEADER_SEARCH, Project.SideState.ABANDONED)

STUDY_LAUNCHED = "study_launched"
STUDY_CONCLUDED = "study_concluded"
TRANSMITTED = "transmitted"

# Each counted move, as a condition on a stage change. A return from the study to the idea concludes nothing.
MOVES = {
    STUDY_LAUNCHED: Q(to_stage=Stage.OPPORTUNITY_STUDY),
    STUDY_CONCLUDED: Q(from_stage=Stage.OPPORTUNITY_STUDY, to_stage__in=STUDY_CONCLUSIONS),
    TRANSMITTED: Q(to_stage=Stage.TRANSMITTED),
}


def made_move(move=None, *, year=None):
    """The condition on a project that it made `move` (one of MOVES; None: any stage change) in `year` (None:
    ever), as a subquery: no duplicate rows, however many times it made it."""
    changes = StageChange.objects.filter(project_id=OuterRef("pk"))
    if move is not None:
        changes = changes.filter(MOVES[move])
    if year is not None:
        changes = changes.filter(at__year=year)
    return Exists(changes)


def year_end(year):
    """The first instant after 31 December of `year`, in the platform's time zone."""
    return timezone.make_aware(datetime.datetime(year + 1, 1, 1))


def stands_now(year) -> bool:
    """Whether the end of `year` is still to come (this year or a later one): every project then stands where its
    own row says, since no stage change can follow today."""
    return year >= timezone.localdate().year


def step_now(stage: str, side_state: str) -> str:
    """Where a project stands now, from its own row: its side state when it has one, else its stage (what
    `step_at_year_end` writes in SQL for this year, for rows already grouped by the two columns)."""
    return side_state or stage


def step_at_year_end(year):
    """Where a project stood on 31 December of `year` (a stage or a side state): the destination of its last
    stage change until then, or, for a project with no recorded change, where it stands now. Only projects
    recorded by then (`created_at` before `year_end(year)`) stood anywhere. For the current year (or a later
    one) that is where every project stands now, read from its own row: no stage change can follow today."""
    now = Case(When(~Q(side_state=""), then=F("side_state")), default=F("stage"), output_field=CharField())
    if stands_now(year):
        return now
    last = (
        StageChange.objects.filter(project=OuterRef("pk"), at__lt=year_end(year))
        .order_by("-at", "-pk")
        .values("to_stage")[:1]
    )
    return Coalesce(Subquery(last), now, output_field=CharField())
