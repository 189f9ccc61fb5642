"""The conditions that place a project's milestones in a year: the moves the indicators count (a study launched, a
study concluded, a project transmitted) and where a project stood on 31 December.

One definition each, read by the indicators (governance/indicators.py) and by the project list's filters that
open the rows behind a figure (filters/projects.py), so that a count and its list always agree.
The moves themselves are conditions on a stage change, written beside the model (models/stages.py) whose index
reads them; they are named here, with the rest of the milestones.
"""

import datetime

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Project, StageChange
from .models.stages import MOVES as MOVES
from .models.stages import STUDY_CONCLUDED as STUDY_CONCLUDED
from .models.stages import STUDY_CONCLUSIONS as STUDY_CONCLUSIONS
from .models.stages import STUDY_LAUNCHED as STUDY_LAUNCHED
from .models.stages import TRANSMITTED as TRANSMITTED

Stage = Project.Stage


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
