"""Reads for the home pages and the invitation list."""

import datetime
import hashlib
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count, F, IntegerField, Q
from django.db.models.expressions import RawSQL
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import aggregates
from core.listing import first_rows
from core.roles import Role
from projects.filters.projects import STALLED
from projects.models import Project
from projects.models.projects import quiet_since, stalled_condition
from territories.models import (
    Actor,
    AnimationEvent,
    EngagedTerritory,
    Need,
    Opportunity,
    Prerequisite,
    ReadinessAssessment,
)
from territories.selectors.engaged import PrerequisiteState, Readiness

from .models import Invitation

# What a referent's home reads (fabrique/views.py keeps its blocks until one of these tables changes).
REFERENT_HOME_TABLES = [
    Actor,
    EngagedTerritory,
    Need,
    Opportunity,
    AnimationEvent,
    ReadinessAssessment,
    Project,
    Invitation,
    "fabrique.User",
]
# The rows of each block of a referent's home: enough to start the work; the block links to the rest.
HOME_BLOCK_ROWS = 5
# A need waits for an opportunity while it is identified or qualified (neither addressed nor dropped).
OPEN_NEED_STATUSES = (Need.Status.IDENTIFIED, Need.Status.QUALIFIED)


def invitation_list(*, user):
    return Invitation.objects.visible_to(user).select_related("organisation", "invited_by", "user")


def invitation_pending_count(*, user):
    return Invitation.objects.visible_to(user).pending().count()


def open_call_list():
    """Active territories, whose call-for-ideas page is open to the public."""
    return EngagedTerritory.objects.accepting_ideas().only("name", "slug").order_by("name")


# --- Territories of a home -------------------------------------------------------------------------
#
# Each count of a territory's row is a correlated subquery of the one query that reads the page's territories,
# so the query count does not grow with territories and only the page's rows are counted. They are written as
# SQL fragments (table and column names from the models) rather than ORM subqueries: building and compiling
# the nine ORM subqueries cost 5 ms of Python per request, more than the whole page is allowed (bench).


def _q(name):
    return connection.ops.quote_name(name)


def _column(model, field):
    return f"{_q(model._meta.db_table)}.{_q(model._meta.get_field(field).column)}"


def _scalar(sql, params=()):
    return RawSQL(sql, tuple(params), output_field=IntegerField())


def _count_of_territory(model, condition="", params=()):
    """SQL counting the rows of `model` of each territory of the outer query, with an optional condition."""
    sql = (
        f"SELECT COUNT(*) FROM {_q(model._meta.db_table)} WHERE "
        f"{_column(model, 'territory')} = {_column(EngagedTerritory, 'id')}"
    )
    if condition:
        sql += f" AND {condition}"
    return _scalar(sql, params)


def _pending_invitations_of_referent(now):
    return _scalar(
        f"SELECT COUNT(*) FROM {_q(Invitation._meta.db_table)} WHERE "
        f"{_column(Invitation, 'organisation')} = {_column(EngagedTerritory, 'referent_actor')} "
        f"AND {_column(Invitation, 'accepted_at')} IS NULL AND {_column(Invitation, 'revoked_at')} IS NULL "
        f"AND {_column(Invitation, 'expires_at')} > %s",
        [now],
    )


def _latest_score(prerequisite):
    """SQL reading the score of the latest assessment of `prerequisite` for each territory (NULL: never
    assessed); the index on (territory, prerequisite, -assessed_at) answers it."""
    model = ReadinessAssessment
    return _scalar(
        f"SELECT {_column(model, 'score')} FROM {_q(model._meta.db_table)} WHERE "
        f"{_column(model, 'territory')} = {_column(EngagedTerritory, 'id')} "
        f"AND {_column(model, 'prerequisite')} = %s "
        f"ORDER BY {_column(model, 'assessed_at')} DESC, {_column(model, 'id')} DESC LIMIT 1",
        [prerequisite],
    )


def _pending_invitations_total(user, now):
    """SQL counting the pending invitations the user sees (every one for a coordinator, their organisation's for
    a referent): not correlated, so the database computes it once for the whole query."""
    sql = (
        f"SELECT COUNT(*) FROM {_q(Invitation._meta.db_table)} WHERE {_column(Invitation, 'accepted_at')} IS NULL "
        f"AND {_column(Invitation, 'revoked_at')} IS NULL AND {_column(Invitation, 'expires_at')} > %s"
    )
    params = [now]
    if user.role != Role.COORDINATOR:
        sql += f" AND {_column(Invitation, 'organisation')} = %s"
        params.append(user.organisation_id or 0)
    return _scalar(sql, params)


def _ideas_to_review_total(user):
    """SQL counting the ideas to review on the territories the user edits (not correlated: computed once)."""
    sql = f"SELECT COUNT(*) FROM {_q(Need._meta.db_table)} WHERE {_column(Need, 'status')} = %s"
    params = [Need.Status.TO_REVIEW]
    if user.role != Role.COORDINATOR:
        sql += (
            f" AND {_column(Need, 'territory')} IN (SELECT {_column(EngagedTerritory, 'id')} FROM "
            f"{_q(EngagedTerritory._meta.db_table)} WHERE {_column(EngagedTerritory, 'referent_actor')} = %s)"
        )
        params.append(user.organisation_id or 0)
    return _scalar(sql, params)


def home_totals(*, user, territories):
    """The home's totals (pending invitations, ideas to review) read with its territories (`home_territory_list`
    rows); their own two queries when there is no territory to carry them."""
    if territories:
        first = territories[0]
        return {"pending_invitations": first.pending_total, "ideas_to_review": first.to_review_total}
    return {"pending_invitations": invitation_pending_count(user=user), "ideas_to_review": 0}


def home_territory_list(*, user, today=None):
    """The engaged territories a home lists (all for coordinators, their own for referents), by name, each with
    what its row shows: counts of needs, opportunities, events of the current year, ideas to review and pending
    invitations of its referent actor, and the latest score of each prerequisite (see `with_readiness`).

    Each row also carries the totals of the page (`home_totals`): the database computes them once, and the home
    saves two queries."""
    today = today or timezone.localdate()
    year_start, year_end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    now = timezone.now()
    scores = {f"score_{value}": _latest_score(value) for value in Prerequisite.values}
    return (
        EngagedTerritory.objects.editable_by(user)
        .only("name", "slug", "status", "population", "referent_actor_id")
        .annotate(
            need_count=_count_of_territory(Need),
            opportunity_count=_count_of_territory(Opportunity),
            event_count=_count_of_territory(
                AnimationEvent, f"{_column(AnimationEvent, 'date')} BETWEEN %s AND %s", [year_start, year_end]
            ),
            to_review_count=_count_of_territory(Need, f"{_column(Need, 'status')} = %s", [Need.Status.TO_REVIEW]),
            pending_invitation_count=_pending_invitations_of_referent(now),
            pending_total=_pending_invitations_total(user, now),
            to_review_total=_ideas_to_review_total(user),
            **scores,
        )
        .order_by("name")
    )


@dataclass(frozen=True)
class LatestScore:
    """The part of a prerequisite's latest assessment that readiness reads: its score."""

    score: int


def with_readiness(territories):
    """`territories` (rows of `home_territory_list`) as a list, each with its `readiness` (a Readiness without
    history) and the labels of its missing prerequisites, from the scores read with them: no query."""
    territories = list(territories)
    for territory in territories:
        states = []
        for value, label in Prerequisite.choices:
            score = getattr(territory, f"score_{value}")
            latest = LatestScore(score) if score is not None else None
            states.append(PrerequisiteState(prerequisite=value, label=label, latest=latest))
        territory.readiness = Readiness(prerequisites=states, history=[])
        territory.missing_labels = [str(state.label) for state in territory.readiness.missing]
    return territories


# --- What waits for the people of a territory ------------------------------------------------------


def ideas_to_review(*, user, limit=HOME_BLOCK_ROWS):
    """The citizen ideas still to review on the territories the user edits: their first rows and their count.

    Neither the submitter's name nor their email is read: a home lists titles."""
    return first_rows(
        _needs_of_editable_territories(user)
        .filter(status=Need.Status.TO_REVIEW)
        .only("title", "identified_on", "territory__name", "territory__slug")
        .order_by("-identified_on", "-pk"),
        limit=limit,
    )


def needs_without_opportunity(*, user, limit=HOME_BLOCK_ROWS):
    """Open needs (identified or qualified) of the user's territories that no opportunity answers yet: their
    first rows, highest priority first, and their count."""
    return first_rows(
        _needs_of_editable_territories(user)
        .filter(status__in=OPEN_NEED_STATUSES, opportunities__isnull=True)
        .only("title", "priority", "status", "territory__name", "territory__slug")
        .order_by("priority", "-identified_on", "pk"),
        limit=limit,
    )


def _needs_of_editable_territories(user):
    """Needs of the territories the user edits, as `EngagedTerritory.objects.editable_by` decides, written as a
    join on the referent actor rather than a subquery (cheaper to build, and the same rows)."""
    needs = Need.objects.select_related("territory")
    if user.role == Role.COORDINATOR:
        return needs
    if user.role == Role.REFERENT and user.organisation_id:
        return needs.filter(territory__referent_actor_id=user.organisation_id)
    return needs.none()


# --- Projects of a home ----------------------------------------------------------------------------
#
# A referent's projects that need them, and the pipeline of the home's territories: each count links to the
# project list filtered alike (its filters `territoire`, `etape` — a stage or a side state —, `arret`).

# The columns of the pipeline table: each stage (every project there, paused and abandoned ones included, as
# the list's `?etape=` reads it), then the paused, the abandoned and the stalled projects.
PIPELINE_COLUMNS = [
    *((value, label, {"etape": value}) for value, label in Project.Stage.choices),
    *((value, label, {"etape": value}) for value, label in Project.SideState.choices),
    ("stalled", _("à l’arrêt"), {"arret": STALLED}),
]


def project_list_url():
    """The project list's address, or None while it is not served (the counts then show without links)."""
    try:
        return reverse("project_list")
    except NoReverseMatch:
        return None


@dataclass
class PipelineCell:
    count: int
    url: str | None


@dataclass
class PipelineRow:
    territory: object  # an EngagedTerritory, or None for the total row
    cells: list


def project_pipeline(*, territories, today=None):
    """The pipeline of `territories` (the home's rows): for each, a cell per PIPELINE_COLUMNS with its count and
    the address of the list filtered alike, and a total row when there are several; one GROUP BY query."""
    territories = list(territories)
    if not territories:
        return {"columns": [], "rows": [], "total": None}
    today = today or timezone.localdate()
    territory_ids = sorted(territory.pk for territory in territories)

    def count():
        return list(
            Project.objects.filter(territory_id__in=territory_ids)
            .values_list("territory_id", "stage", "side_state")
            .annotate(count=Count("pk"), stalled=Count("pk", filter=stalled_condition(today)))
            .order_by()
        )

    # Kept in the cache until a project changes (core.aggregates), for these territories and this day.
    key = hashlib.sha256(repr((territory_ids, today.isoformat())).encode()).hexdigest()[:32]
    grouped = aggregates.cached("home-pipeline", [key], count, depends_on=[Project])
    counts = {}
    for territory_id, stage, side_state, count, stalled in grouped:
        row = counts.setdefault(territory_id, dict.fromkeys((key for key, _label, _query in PIPELINE_COLUMNS), 0))
        row[stage] += count
        if side_state:
            row[side_state] += count
        row["stalled"] += stalled
    base = project_list_url()

    def cells(values, slug=None):
        result = []
        for key, _label, query in PIPELINE_COLUMNS:
            count = values.get(key) or 0
            url = None
            if base and count:
                url = f"{base}?{urlencode({'territoire': slug, **query} if slug else query)}"
            result.append(PipelineCell(count, url))
        return result

    rows = [PipelineRow(territory, cells(counts.get(territory.pk, {}), territory.slug)) for territory in territories]
    total = None
    if len(territories) > 1:
        sums = {key: sum(row.get(key) or 0 for row in counts.values()) for key, _label, _query in PIPELINE_COLUMNS}
        total = PipelineRow(None, cells(sums))
    columns = [(key, label) for key, label, _query in PIPELINE_COLUMNS]
    return {"columns": columns, "rows": rows, "total": total}


def projects_needing_attention(*, user, today=None, limit=HOME_BLOCK_ROWS):
    """The active projects of the territories the user edits that need them: a next step overdue or due this
    week, or nothing logged for PROJECT_STALLED_DAYS days. Their first rows (soonest due first) and their count,
    in one query; each row says why (`attention`)."""
    today = today or timezone.localdate()
    end_of_week = today + datetime.timedelta(days=6 - today.weekday())
    projects = Project.objects.filter(side_state="").exclude(stage=Project.Stage.CREATED)
    if user.role == Role.REFERENT and user.organisation_id:
        projects = projects.filter(territory__referent_actor_id=user.organisation_id)
    elif user.role != Role.COORDINATOR:
        projects = projects.none()
    block = first_rows(
        projects.filter(Q(next_step_due__lte=end_of_week) | Q(last_activity_on__lt=quiet_since(today)))
        .select_related("territory")
        .only("reference", "title", "stage", "next_step_due", "last_activity_on", "territory__name")
        .order_by(F("next_step_due").asc(nulls_last=True), "last_activity_on", "pk"),
        limit=limit,
    )
    for project in block.rows:
        if project.next_step_due is not None and project.next_step_due < today:
            project.attention = "overdue"
        elif project.next_step_due is not None and project.next_step_due <= end_of_week:
            project.attention = "this_week"
        else:
            project.attention = "quiet"
    return block
