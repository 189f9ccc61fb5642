"""The pipeline board: a column per stage with its count and its first cards, in a number of queries that does
not grow with the projects (one GROUP BY for the counts, one short query per column for its cards).

What the board leaves out by default: abandoned projects (final: the list shows them, `?statut=abandonne`), and
enterprises created more than a year ago (followed up from the list); both are counted, and said, above the
board. Paused projects stay in the column of the stage they left, flagged.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db.models import BooleanField, Case, Count, Q, Value, When
from django.utils import timezone

from core import aggregates
from territories.models import EngagedTerritory

from ..models import Project

Stage = Project.Stage
SideState = Project.SideState

# How many cards a column shows; the others are reached through the list filtered on the stage.
CARDS_PER_COLUMN = 10
# A created enterprise stays on the board for this long after its creation was recorded.
CREATED_KEPT_DAYS = 365
CARD_FIELDS = (
    "id",
    "reference",
    "title",
    "stage",
    "side_state",
    "stage_since",
    "last_activity_on",
    "next_step_due",
    "version",
    "territory_id",
    "territory__name",
    "territory__referent_actor_id",
)


@dataclass
class Column:
    stage: str
    label: str
    shown: int  # projects of the column the board's filters keep
    total: int | None  # the same without the filters, when filters are set (« 12 sur 15 »)
    cards: list = field(default_factory=list)

    @property
    def hidden_by_filters(self):
        return self.total is not None and self.total != self.shown

    @property
    def more(self):
        """How many of the column's projects are not on the board (the list shows them)."""
        return max(self.shown - len(self.cards), 0)


@dataclass
class Board:
    columns: list
    abandoned: int  # left out of the board (with the filters)
    created_earlier: int  # enterprises created more than CREATED_KEPT_DAYS ago, left out

    @property
    def shown(self):
        return sum(column.shown for column in self.columns)

    @property
    def total(self):
        if all(column.total is None for column in self.columns):
            return None
        return sum(column.total or 0 for column in self.columns)


def created_since():
    """The instant before which a created enterprise leaves the board: the start of a day, so that the counts
    of the same projects stay the same query all day long (and are read from the cache)."""
    today = timezone.localdate() - datetime.timedelta(days=CREATED_KEPT_DAYS)
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))


def on_the_board(cutoff):
    """The condition of a project the board shows: not abandoned, and not an enterprise created long ago."""
    return ~Q(side_state=SideState.ABANDONED) & ~Q(stage=Stage.CREATED, stage_since__lt=cutoff)


def _query_key(rows, cutoff):
    """What identifies `rows` for the cache: their SQL with its parameters, and the day's cutoff; None when the
    query is empty by construction (a partner before any committee)."""
    try:
        sql, params = rows.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return None
    return hashlib.sha256(repr((sql, params, cutoff.isoformat())).encode()).hexdigest()[:32]


def _kept(name, key, compute, depends_on):
    """compute(), kept in the cache (core.aggregates) under `key` until a row of `depends_on` changes; computed
    each time when there is no key."""
    return compute() if key is None else aggregates.cached(name, [key], compute, depends_on=depends_on)


def _counts(rows, cutoff, key):
    """{stage: shown}, abandoned, created earlier: one GROUP BY query over every project of `rows`, kept in the
    cache under the query itself until a project changes."""
    return _kept("project-board", key, lambda: _count(rows, cutoff), [Project])


def _count(rows, cutoff):
    grouped = (
        rows.order_by()
        .annotate(
            earlier=Case(
                When(stage=Stage.CREATED, stage_since__lt=cutoff, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .values_list("stage", "side_state", "earlier")
        .annotate(count=Count("pk"))
    )
    per_stage, abandoned, earlier = dict.fromkeys(Stage.values, 0), 0, 0
    for stage, side_state, is_earlier, count in grouped:
        if side_state == SideState.ABANDONED:
            abandoned += count
        elif is_earlier:
            earlier += count
        else:
            per_stage[stage] += count
    return per_stage, abandoned, earlier


def board_projects(*, user):
    """The projects the user reads, before the board's filters."""
    return Project.objects.visible_to(user)


def project_board(*, rows, all_rows=None, per_column=CARDS_PER_COLUMN) -> Board:
    """The board of `rows` (the filtered projects); `all_rows`, when filters are set, the same projects without
    them, for the counts « 12 sur 15 ». From the cache, no query; otherwise one GROUP BY (+1 with `all_rows`) and
    one query per column with projects."""
    cutoff = created_since()
    key = _query_key(rows, cutoff)
    shown, abandoned, earlier = _counts(rows, cutoff, key)
    totals = _counts(all_rows, cutoff, _query_key(all_rows, cutoff))[0] if all_rows is not None else {}
    cards = (
        rows.filter(on_the_board(cutoff))
        .select_related("territory")
        .only(*CARD_FIELDS)
        # Active projects first, the longest at their stage on top: those are the ones to look at.
        .order_by("side_state", "stage_since", "pk")
    )

    def fetch():
        return {stage: list(_column_cards(cards, stage)[:per_column]) for stage in Stage.values if shown[stage]}

    # The cards too are kept until a project or a territory (its name on the card) changes.
    cards_key = f"{key}:{per_column}" if key else None
    per_stage = _kept("project-board-cards", cards_key, fetch, [Project, EngagedTerritory])
    columns = []
    for stage, label in Stage.choices:
        column = Column(stage=stage, label=str(label), shown=shown[stage], total=totals.get(stage))
        column.cards = per_stage.get(stage, [])
        columns.append(column)
    return Board(columns=columns, abandoned=abandoned, created_earlier=earlier)


def _column_cards(cards, stage):
    if stage == Stage.CREATED:
        # The latest creations on top; a created project is never paused, so the index gives them in order
        # without reading the older ones the board leaves out.
        return cards.filter(stage=stage, side_state="").order_by("-stage_since", "-pk")
    return cards.filter(stage=stage)
