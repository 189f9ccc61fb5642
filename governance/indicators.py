"""The indicators of the method (DESIGN.md), computed in one place for the annual pack, the dashboard and open data.

Each indicator has one written definition, kept beside its code in `INDICATORS`: what it counts, which states
it leaves out and which date places it in a year. `indicators_for(year=…, territory=…, sector=…)` computes
them all in a fixed number of queries (one aggregate per table, whatever the number of rows); the other reads
(pipeline at the end of the year, funding per funder, animation, quarters) are built on the same conditions,
so that the numbers agree wherever they are shown.

A sector narrows what has a sector (projects and what hangs on them); animation events have none, so with a
sector the indicators read from events are left blank rather than counted for every sector.
"""

import datetime
import functools
import operator
import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import reduce

from django.db.models import (
    Count,
    DecimalField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractQuarter, TruncDate
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

from projects.milestones import (
    MOVES,
    STUDY_CONCLUDED,
    STUDY_LAUNCHED,
    TRANSMITTED,
    stands_now,
    step_at_year_end,
    step_now,
    year_end,
)
from projects.models import FundingLine, Project, StageChange
from projects.selectors.follow_up import GRANTED_STATUSES
from projects.stages import STEP_LABELS
from territories.models import Actor, AnimationEvent

from .models import Decision, Target

Stage = Project.Stage
ZERO = Decimal(0)
DAYS_PER_MONTH = Decimal("30.4375")

# Units: how a value is written.
COUNT = "count"
PEOPLE = "people"
FTE = "fte"
EUROS = "euros"
MONTHS = "months"
PERCENT = "percent"

UNIT_LABELS = {
    COUNT: _("nombre"),
    PEOPLE: _("personnes"),
    FTE: _("ETP"),
    EUROS: _("euros"),
    MONTHS: _("mois"),
    PERCENT: _("%"),
}


@dataclass(frozen=True)
class Indicator:
    """One indicator: its key (what targets and the open data name it by), its French label and unit, its one
    definition, the date that places it in a year, and whether it can be read per sector and per quarter."""

    key: str
    label: str
    unit: str
    definition: str
    dated_by: str
    by_sector: bool = True
    by_quarter: bool = True


INDICATORS = [
    Indicator(
        "ideas_detected",
        _("Idées détectées"),
        COUNT,
        _("Projets enregistrés dans l’année, quelle que soit l’étape ou l’état où ils sont depuis."),
        _("date d’enregistrement du projet (détection)"),
    ),
    Indicator(
        "creativity_sessions",
        _("Séances de créativité"),
        COUNT,
        _("Actions d’animation de type « séance de créativité » tenues dans l’année ; sans filière."),
        _("date de la séance"),
        by_sector=False,
    ),
    Indicator(
        "creativity_participants",
        _("Participants aux séances de créativité"),
        PEOPLE,
        _("Somme des participants déclarés aux séances de créativité de l’année ; sans filière."),
        _("date de la séance"),
        by_sector=False,
    ),
    Indicator(
        "studies_launched",
        _("Études d’opportunité lancées"),
        COUNT,
        _("Projets entrés en étude d’opportunité dans l’année, comptés une fois chacun."),
        _("date du passage en étude d’opportunité"),
    ),
    Indicator(
        "studies_in_progress",
        _("Études d’opportunité en cours"),
        COUNT,
        _("Projets en étude d’opportunité au 31 décembre de l’année ; hors projets en pause ou abandonnés."),
        _("dernier changement d’étape au 31 décembre"),
        by_quarter=False,
    ),
    Indicator(
        "studies_concluded",
        _("Études d’opportunité conclues"),
        COUNT,
        _(
            "Projets sortis de l’étude d’opportunité dans l’année vers la recherche de porteur (go) ou "
            "l’abandon (no-go), comptés une fois chacun ; un retour à l’idée n’est pas une conclusion."
        ),
        _("date de sortie de l’étude"),
    ),
    Indicator(
        "decisions_go",
        _("Décisions go"),
        COUNT,
        _("Décisions « go » des comités sur les projets ; une décision modifiée compte par sa modification."),
        _("date de la séance où elle est prise"),
    ),
    Indicator(
        "decisions_no_go",
        _("Décisions no-go"),
        COUNT,
        _("Décisions « no-go » des comités sur les projets ; une décision modifiée compte par sa modification."),
        _("date de la séance où elle est prise"),
    ),
    Indicator(
        "projects_transmitted",
        _("Projets transmis au porteur"),
        COUNT,
        _("Projets passés à l’étape « transmis au porteur » dans l’année, comptés une fois chacun."),
        _("date du passage à l’étape"),
    ),
    Indicator(
        "enterprises_created",
        _("Entreprises créées"),
        COUNT,
        _("Projets à l’étape « entreprise créée » dont la date de création tombe dans l’année."),
        _("date de création de l’entreprise"),
    ),
    Indicator(
        "jobs_created",
        _("Emplois créés (ETP)"),
        FTE,
        _("Emplois créés (ETP) déclarés par les entreprises créées dans l’année."),
        _("date de création de l’entreprise"),
    ),
    Indicator(
        "jobs_non_relocatable",
        _("Emplois non délocalisables (ETP)"),
        FTE,
        _("Part des emplois créés (ETP) des entreprises de l’année marquées « emplois non délocalisables »."),
        _("date de création de l’entreprise"),
    ),
    Indicator(
        "funding_requested",
        _("Financements demandés (€)"),
        EUROS,
        _("Montants demandés des lignes de financement de l’année, hors lignes seulement prévues."),
        _("année de la ligne de financement"),
        by_quarter=False,
    ),
    Indicator(
        "funding_granted",
        _("Financements accordés (€)"),
        EUROS,
        _("Montants accordés des lignes de financement de l’année accordées ou versées."),
        _("année de la ligne de financement"),
        by_quarter=False,
    ),
    Indicator(
        "partners_mobilised",
        _("Partenaires mobilisés"),
        COUNT,
        _(
            "Acteurs distincts présents à une action d’animation de l’année ou ayant accordé un financement de "
            "l’année (avec une filière : les financeurs seuls)."
        ),
        _("date de l’action ; année du financement"),
        by_quarter=False,
    ),
    Indicator(
        "median_months_to_creation",
        _("Délai médian de la détection à la création (mois)"),
        MONTHS,
        _(
            "Médiane, sur les entreprises créées dans l’année, des mois écoulés entre l’enregistrement de "
            "l’idée et la création."
        ),
        _("date de création de l’entreprise"),
        by_quarter=False,
    ),
    Indicator(
        "survival_3y",
        _("Survie à 3 ans (%)"),
        PERCENT,
        _(
            "Part des entreprises créées trois ans plus tôt toujours actives à 3 ans, parmi celles dont le suivi "
            "à 3 ans est renseigné."
        ),
        _("date de création de l’entreprise (année − 3)"),
        by_quarter=False,
    ),
]

INDICATORS_BY_KEY = {indicator.key: indicator for indicator in INDICATORS}

# Where a project can stand at the end of a year, in the pipeline's order.
PIPELINE_STEPS = [*Stage.values, *Project.SideState.values]


def _scope(prefix="", *, territory=None, sector=None):
    """The condition on the territory (one engaged territory, or a list of them: a referent's) and the sector."""
    condition = Q()
    if isinstance(territory, (list, tuple, set, frozenset)):
        condition &= Q(**{f"{prefix}territory__in": territory})
    elif territory is not None:
        condition &= Q(**{f"{prefix}territory": territory})
    if sector is not None:
        condition &= Q(**{f"{prefix}sector": sector})
    return condition


def _sum(field, condition=None, output=None):
    return Coalesce(Sum(field, filter=condition), Value(ZERO), output_field=output or DecimalField())


def decision_in_force():
    """The condition on a decision that no later decision amends it (the decisions list's `en_vigueur`)."""
    return ~Exists(Decision.objects.filter(amends=OuterRef("pk")))


# Each dated table: its rows for a scope, the field that places a row in a year, and its aggregates by key.
def _detected_rows(scope):
    return Project.objects.filter(_scope(**scope)), "created_at", {"ideas_detected": Count("pk")}


def _created_rows(scope):
    rows = Project.objects.filter(_scope(**scope), stage=Stage.CREATED)
    return (
        rows,
        "creation_date",
        {
            "enterprises_created": Count("pk"),
            "jobs_created": _sum("jobs_created_fte"),
            "jobs_non_relocatable": _sum("jobs_created_fte", Q(non_relocatable=True)),
        },
    )


def _move_rows(scope):
    rows = StageChange.objects.filter(_scope("project__", **scope))
    return (
        rows,
        "at",
        {
            "studies_launched": Count("project", distinct=True, filter=MOVES[STUDY_LAUNCHED]),
            "studies_concluded": Count("project", distinct=True, filter=MOVES[STUDY_CONCLUDED]),
            "projects_transmitted": Count("project", distinct=True, filter=MOVES[TRANSMITTED]),
        },
    )


def _decision_rows(scope):
    rows = Decision.objects.filter(
        _scope("project__", **scope),
        decision_in_force(),
        project__isnull=False,
        outcome__in=(Decision.Outcome.GO, Decision.Outcome.NO_GO),
    )
    return (
        rows,
        "decided_on",
        {
            "decisions_go": Count("pk", filter=Q(outcome=Decision.Outcome.GO)),
            "decisions_no_go": Count("pk", filter=Q(outcome=Decision.Outcome.NO_GO)),
        },
    )


def _event_rows(scope):
    if scope["sector"] is not None:
        return None
    rows = AnimationEvent.objects.filter(
        _scope(territory=scope["territory"]), kind=AnimationEvent.Kind.CREATIVITY_SESSION
    )
    return (
        rows,
        "date",
        {"creativity_sessions": Count("pk"), "creativity_participants": Coalesce(Sum("participants"), 0)},
    )


DATED_TABLES = [_detected_rows, _created_rows, _move_rows, _decision_rows, _event_rows]


def _funding_lines(*, year, territory=None, sector=None):
    return FundingLine.objects.filter(_scope("project__", territory=territory, sector=sector), year=year)


def _funding_sums():
    return {
        "funding_requested": _sum("amount_requested", ~Q(status=FundingLine.Status.PLANNED)),
        "funding_granted": _sum("amount_granted", Q(status__in=GRANTED_STATUSES)),
    }


def funder_rows(*, year, territory=None, sector=None):
    """The year's funding lines summed per funder: [{funder, funding_requested, funding_granted, granted_lines}], one
    query grouped by the funder (hashed, not sorted by name over every line; the sums alone read the index
    `funding_year_funder_sums`). The funding indicators, the partners who granted and the table per funder
    (`funding_per_funder`, which adds the names and the projects of the funders it shows) all read it."""
    lines = _funding_lines(year=year, territory=territory, sector=sector)
    return list(
        lines.order_by()
        .values("funder")
        .annotate(
            **_funding_sums(),
            granted_lines=Count("status", filter=Q(status__in=GRANTED_STATUSES)),  # read from the index
        )
    )


def _partners_present(*, year, territory, sector):
    """The actors present at an animation event of the year, in one query; none with a sector (events have none).
    With those who granted a funding line of the year (`funder_rows`), the partners mobilised."""
    if sector is not None:
        return frozenset()
    present = AnimationEvent.partners_present.through.objects.filter(
        _scope("animationevent__", territory=territory), animationevent__date__year=year
    )
    return frozenset(present.order_by().values_list("actor_id", flat=True).distinct())


def time_to_creation():
    """The time from the idea's recording (its day in the platform's time zone) to the enterprise's creation, as a
    duration the database computes for each project: one definition for the dashboard, the pack and the open data."""
    return ExpressionWrapper(F("creation_date") - TruncDate("created_at"), output_field=DurationField())


def days_between(spent: datetime.timedelta) -> int:
    """The days of `time_to_creation`, none when the creation comes first (dated before the idea's recording)."""
    return max(0, spent.days)


def median_months(days: list[int]) -> Decimal | None:
    """The median of durations in days, in months with one decimal; None for no duration. Days rather than
    months per row: the median of a linear change is the change of the median, and integers sort fast."""
    if not days:
        return None
    return _one_decimal(Decimal(statistics.median(days)) / DAYS_PER_MONTH)


def _one_decimal(value):
    return None if value is None else Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _creation_follow_up(*, year, territory, sector, created):
    """The median months from detection to creation of the year's `created` enterprises (the `enterprises_created`
    indicator) and survival at 3 years of those created three years before, in two small queries: the middle one or
    two durations read in order from the database (not every enterprise's), and two counts."""
    enterprises = Project.objects.filter(_scope(territory=territory, sector=sector), stage=Stage.CREATED)
    middle = []
    if created:
        middle = (
            enterprises.filter(creation_date__year=year)
            .annotate(spent=time_to_creation())
            .order_by("spent")
            .values_list("spent", flat=True)[(created - 1) // 2 : created // 2 + 1]
        )
    follow_up = enterprises.filter(creation_date__year=year - 3).aggregate(
        followed=Count("pk", filter=Q(still_active_3y__isnull=False)), alive=Count("pk", filter=Q(still_active_3y=True))
    )
    followed, alive = follow_up["followed"], follow_up["alive"]
    survival = _one_decimal(Decimal(alive * 100) / followed) if followed else None
    return {
        "median_months_to_creation": median_months([days_between(spent) for spent in middle]),
        "survival_3y": survival,
    }


def _step_at_year_end(year):
    """The end of `year` and where a project stood then (projects/milestones.py, shared with the project list)."""
    return year_end(year), step_at_year_end(year)


def pipeline_rows(*, year, territory=None, sector=None):
    """(territory name, sector name, step) → number of projects, where the projects recorded by the end of the
    year stood on 31 December: one grouped query."""
    end, step = _step_at_year_end(year)
    rows = (
        Project.objects.filter(_scope(territory=territory, sector=sector), created_at__lt=end)
        .annotate(step_at_end=step)
        .order_by()
        .values("territory__name", "sector__name", "step_at_end")
        .annotate(count=Count("pk"))
    )
    return [(row["territory__name"], row["sector__name"], row["step_at_end"], row["count"]) for row in rows]


def pipeline_steps(*, year, territory=None, sector=None):
    """The rows of `pipeline_rows` summed over territories and sectors (both None in each row): one query grouped
    by step alone, for a page that shows the funnel but not its split. This year, where every project stands now:
    its stage and side state counted as they are, read from the board's index alone (the step written out for
    each of 20,000 rows cost three times as much)."""
    projects = Project.objects.filter(_scope(territory=territory, sector=sector)).order_by()
    if stands_now(year):
        counts = defaultdict(int)
        for stage, side_state, count in projects.values_list("stage", "side_state").annotate(count=Count("*")):
            counts[step_now(stage, side_state)] += count
        return [(None, None, step, count) for step, count in counts.items()]
    end, step = _step_at_year_end(year)
    rows = (
        projects.filter(created_at__lt=end).annotate(step_at_end=step).values("step_at_end").annotate(count=Count("pk"))
    )
    return [(None, None, row["step_at_end"], row["count"]) for row in rows]


def pipeline_by_stage(rows):
    """[(step, French label, count)] in the pipeline's order, side states last, from `pipeline_rows`."""
    counts = defaultdict(int)
    for _territory, _sector, step, count in rows:
        counts[step] += count
    return [(step, str(STEP_LABELS[step]), counts[step]) for step in PIPELINE_STEPS]


def projects_per(rows, *, by):
    """[(name, count)] of the projects still in the pipeline at the end of the year (abandoned ones left out),
    per territory (`by="territory"`) or per sector (`by="sector"`), the largest first."""
    index = 0 if by == "territory" else 1
    counts = defaultdict(int)
    for row in rows:
        if row[2] != Project.SideState.ABANDONED:
            counts[row[index] or str(_("sans filière"))] += row[3]
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _counted_only(rows, aggregates):
    """The rows that meet the condition of at least one aggregate, when every aggregate has one (most stage
    changes count in no indicator: they are left in the database rather than read and filtered out)."""
    conditions = [getattr(aggregate, "filter", None) for aggregate in aggregates.values()]
    if not all(conditions):
        return rows
    return rows.filter(reduce(operator.or_, conditions))


@dataclass(frozen=True)
class Counted:
    """What `indicators_for` reads besides the pipeline and the funders: the indicators of the dated tables and of
    the enterprises' follow-up ({key: value}), and the actors present at the year's animation events."""

    values: dict
    present: frozenset


def counted_figures(*, year, territory=None, sector=None) -> Counted:
    """The `Counted` part of the indicators of the year and scope (see `indicators_for`), for a caller that reads
    the pipeline and the funders beside it (the dashboard, through core.parallel)."""
    scope = {"territory": territory, "sector": sector}
    values = {}
    for table in DATED_TABLES:
        read = table(scope)
        if read is None:
            continue
        rows, date_field, aggregates = read
        values.update(_counted_only(rows, aggregates).filter(**{f"{date_field}__year": year}).aggregate(**aggregates))
    values.update(_creation_follow_up(year=year, **scope, created=values["enterprises_created"]))
    return Counted(values=values, present=_partners_present(year=year, **scope))


def indicators_for(*, year, territory=None, sector=None, pipeline=None, funders=None, counted=None) -> dict:
    """Every indicator of INDICATORS for the year, the engaged territory (or a list of them; None: the region)
    and the sector (None: all), as {key: int | Decimal | None}; None where the indicator does not apply (events
    per sector) or has nothing to measure (no enterprise to compute a median on). `pipeline` (the `pipeline_rows` of the
    same year and scope, or its `pipeline_steps`), `funders` (its `funder_rows`) and `counted` (its `counted_figures`)
    spare their queries when the caller has them already."""
    scope = {"territory": territory, "sector": sector}
    if counted is None:
        counted = counted_figures(year=year, **scope)
    values = {indicator.key: None for indicator in INDICATORS} | counted.values
    if funders is None:
        funders = funder_rows(year=year, **scope)
    for key in _funding_sums():
        values[key] = sum((row[key] for row in funders), ZERO)
    # Distinct actors who granted a funding line of the year or, without a sector, were present at one of its events.
    granted = {row["funder"] for row in funders if row["granted_lines"]}
    values["partners_mobilised"] = len(counted.present | granted)
    if pipeline is None:
        pipeline = pipeline_steps(year=year, **scope)
    values["studies_in_progress"] = sum(count for _t, _s, step, count in pipeline if step == Stage.OPPORTUNITY_STUDY)
    return values


def targets_for(*, year, territory=None) -> dict:
    """{indicator key: target value} of the year, for the territory (None: the region's targets)."""
    rows = Target.objects.filter(year=year, territory=territory).order_by().values_list("indicator", "value")
    return dict(rows)


def quarterly_figures(*, year, territory=None, sector=None) -> dict:
    """{key: [T1, T2, T3, T4]} of the indicators that a date places in a quarter (`by_quarter`): the same
    conditions as `indicators_for`, grouped by the quarter of that date, one query per table. A project counted
    once in the year may count in two quarters (a study launched twice)."""
    scope = {"territory": territory, "sector": sector}
    figures = {}
    for table in DATED_TABLES:
        read = table(scope)
        if read is None:
            continue
        rows, date_field, aggregates = read
        grouped = (
            rows.filter(**{f"{date_field}__year": year})
            .annotate(quarter=ExtractQuarter(date_field))
            .order_by()
            .values("quarter")
            .annotate(**aggregates)
        )
        for key in aggregates:
            figures[key] = [ZERO if INDICATORS_BY_KEY[key].unit == FTE else 0] * 4
        for row in grouped:
            for key in aggregates:
                figures[key][row["quarter"] - 1] = row[key]
    return {indicator.key: figures[indicator.key] for indicator in INDICATORS if indicator.key in figures}


def _by_amounts(row):
    return (-row["funding_granted"], -row["funding_requested"])


def funding_per_funder(*, year, territory=None, sector=None, funders=None, first=None):
    """[{funder, funder__name, funding_requested, funding_granted, projects, …}] of the year's funding lines, the
    largest grant first, then the largest request, then by name, from `funders` (`funder_rows`, read when not given).
    `first`: only the first ones, whose names and projects alone are read (with those of the funders tied with the
    last one), not those of the hundreds behind them: one query for them either way."""
    if funders is None:
        funders = funder_rows(year=year, territory=territory, sector=sector)
    rows = sorted(funders, key=_by_amounts)
    if first is not None and len(rows) > first:
        last = _by_amounts(rows[first - 1])
        rows = [row for row in rows if _by_amounts(row) <= last]
    # Each funder's name and number of projects, the latter counted for it alone (from the index of the year's
    # lines): counted distinct over every line of the year, it took a third of the sums' query.
    projects = (
        _funding_lines(year=year, territory=territory, sector=sector)
        .filter(funder=OuterRef("pk"))
        .order_by()
        .values("funder")
        .annotate(count=Count("project", distinct=True))
        .values("count")
    )
    details = {
        pk: (name, count)
        for pk, name, count in Actor.objects.filter(pk__in=[row["funder"] for row in rows])
        .order_by()
        .annotate(projects=Subquery(projects))
        .values_list("pk", "name", "projects")
    }
    named = sorted(
        ({**row, "funder__name": details[row["funder"]][0], "projects": details[row["funder"]][1]} for row in rows),
        key=lambda row: (*_by_amounts(row), row["funder__name"]),
    )
    return named if first is None else named[:first]


def animation_summary(*, year, territory=None):
    """The year's animation events per kind (events, participants, ideas produced) and the partners present
    (name, number of events), in two queries."""
    events = AnimationEvent.objects.filter(_scope(territory=territory), date__year=year)
    labels = dict(AnimationEvent.Kind.choices)
    per_kind = {
        row["kind"]: row
        for row in events.order_by()
        .values("kind")
        .annotate(
            events=Count("pk"), participants=Coalesce(Sum("participants"), 0), ideas=Coalesce(Sum("ideas_produced"), 0)
        )
    }
    kinds = [
        {
            "kind": str(labels[kind]),
            "events": per_kind.get(kind, {}).get("events", 0),
            "participants": per_kind.get(kind, {}).get("participants", 0),
            "ideas": per_kind.get(kind, {}).get("ideas", 0),
        }
        for kind in AnimationEvent.Kind.values
    ]
    partners = list(
        AnimationEvent.partners_present.through.objects.filter(animationevent__in=events)
        .order_by()
        .values("actor__name")
        .annotate(events=Count("animationevent", distinct=True))
        .order_by("-events", "actor__name")
    )
    return {"kinds": kinds, "partners": [(row["actor__name"], row["events"]) for row in partners]}


@functools.cache
def _separators(language):
    """The str.translate table from Python's grouped number (1,234.5) to the language's, or None when the language
    does not group by thousands."""
    if formats.get_format("NUMBER_GROUPING", language) != 3:
        return None
    thousands, decimals = (formats.get_format(name, language) for name in ("THOUSAND_SEPARATOR", "DECIMAL_SEPARATOR"))
    return str.maketrans({",": thousands, ".": decimals})


def grouped(number: Decimal, places: int) -> str:
    """`number` with `places` decimals, its thousands grouped, as Django's `number_format` writes it in the current
    language (decimals cut, not rounded), in little more than half its time: one dashboard writes a hundred."""
    table = _separators(translation.get_language())
    if table is None:
        return formats.number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
    # A value cut to zero is written 0, never -0.
    return f"{number if number else abs(number):,.{places}f}".translate(table)


def display(value, unit) -> str:
    """A value written the French way for the pack and the pages: grouped thousands, a decimal comma, the unit
    sign for euros and percentages, a dash for no value."""
    if value is None or value == "":
        return "—"
    number = Decimal(str(value))
    places = 0 if unit in (COUNT, PEOPLE) or (unit == EUROS and number == number.to_integral_value()) else 1
    if unit == EUROS and places:
        places = 2
    text = grouped(number, places)
    if unit == EUROS:
        return f"{text}\u00a0€"
    if unit == PERCENT:
        return f"{text}\u00a0%"
    return text


def achievement(value, target):
    """The share of the target reached, in percent (one decimal), or None without a target or value."""
    if value is None or not target:
        return None
    return _one_decimal(Decimal(str(value)) * 100 / Decimal(str(target)))
