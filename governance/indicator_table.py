"""Every indicator for every year, engaged territory and sector at once (the open data's table), in a fixed number
of queries: the definitions of governance/indicators.py, grouped by year, territory and sector.

Counts and sums of a group add up into its territory's, its sector's and the region's totals, as a project has one
territory and one sector. What does not add up (distinct partners, medians, survival, the pipeline on 31 December)
is read as grouped rows and resolved here, in Python. Any cell gives the figures of `indicators_for` for the same
year, territory and sector (tests/governance/test_opendata_table.py compares them).
"""

import operator
from collections import Counter, defaultdict
from decimal import Decimal
from functools import reduce

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import ExtractYear
from django.utils import timezone

from projects.models import FundingLine, Project, StageChange
from projects.selectors.follow_up import GRANTED_STATUSES
from territories.models import AnimationEvent

from .indicators import (
    DATED_TABLES,
    INDICATORS,
    Stage,
    _funding_sums,
    _one_decimal,
    days_between,
    median_months,
    time_to_creation,
)

# The territory or sector of a cell that sums them all.
ALL = None
EVERYWHERE = {"territory": ALL, "sector": ALL}


def _cells(year, territory, sector):
    """The cells a group of (year, territory, sector) counts in: its own, its territory's, its sector's and the
    region's (a project without a sector counts in its territory's and the region's only)."""
    return {(year, territory, sector), (year, ALL, sector), (year, territory, ALL), (year, ALL, ALL)}


def _paths(model):
    """The lookups of a table's territory and sector: its own, or its project's; no sector for events."""
    names = {field.name for field in model._meta.get_fields()}
    if "territory" not in names:
        return "project__territory", "project__sector"
    return "territory", ("sector" if "sector" in names else None)


def _sums():
    """{cell: {key: value}} of the indicators that add up: each dated table and the funding lines, one query each."""
    reads = []
    for table in DATED_TABLES:
        rows, date_field, aggregates = table(dict(EVERYWHERE))
        conditions = [getattr(aggregate, "filter", None) for aggregate in aggregates.values()]
        if all(conditions):
            # A row that meets no aggregate's condition counts nowhere: left in the database (most stage changes).
            rows = rows.filter(reduce(operator.or_, conditions))
        dimensions = [path for path in _paths(rows.model) if path]
        grouped = rows.annotate(in_year=ExtractYear(date_field)).order_by().values("in_year", *dimensions)
        reads.append((grouped.annotate(**aggregates), ["in_year", *dimensions], list(aggregates)))
    funding = _funding_sums()
    dimensions = ["year", "project__territory", "project__sector"]
    reads.append((FundingLine.objects.order_by().values(*dimensions).annotate(**funding), dimensions, list(funding)))
    sums = defaultdict(dict)
    for grouped, dimensions, keys in reads:
        for row in grouped.values_list(*dimensions, *keys):
            year, territory, figures = row[0], row[1], row[len(dimensions) :]
            # A group of zeros adds nothing; an enterprise created with no date is in no year (`indicators_for`).
            if year is None or not any(figures):
                continue
            sector = row[2] if len(dimensions) == 3 else ALL
            for cell in _cells(year, territory, sector):
                target = sums[cell]
                for key, value in zip(keys, figures, strict=True):
                    target[key] = target.get(key, 0) + value
    return sums


def _partners():
    """{cell: set of actor ids}: the funders of granted lines and the partners present at events, two queries."""
    partners = defaultdict(set)
    funders = (
        FundingLine.objects.filter(status__in=GRANTED_STATUSES)
        .order_by()
        .values_list("year", "project__territory", "project__sector", "funder")
        .distinct()
    )
    for year, territory, sector, actor in funders:
        for cell in _cells(year, territory, sector):
            partners[cell].add(actor)
    present = (
        AnimationEvent.partners_present.through.objects.annotate(in_year=ExtractYear("animationevent__date"))
        .order_by()
        .values_list("in_year", "animationevent__territory", "actor")
        .distinct()
    )
    for year, territory, actor in present:
        for cell in _cells(year, territory, ALL):
            partners[cell].add(actor)
    return partners


def _follow_up():
    """({cell: days from detection to creation}, {cell: [followed at 3 years, still active]}): one query."""
    months, survival = defaultdict(list), defaultdict(lambda: [0, 0])
    created = (
        Project.objects.filter(stage=Stage.CREATED, creation_date__isnull=False)
        .order_by()
        .values_list("creation_date", time_to_creation(), "still_active_3y", "territory", "sector")
    )
    for creation_date, time_spent, still_active, territory, sector in created:
        spent = days_between(time_spent)
        for cell in _cells(creation_date.year, territory, sector):
            months[cell].append(spent)
        if still_active is not None:
            for cell in _cells(creation_date.year + 3, territory, sector):
                survival[cell][0] += 1
                survival[cell][1] += bool(still_active)
    return months, survival


def _studies_in_progress(zone, *, until):
    """{cell: projects in opportunity study on 31 December}, as `projects.milestones.step_at_year_end` places them
    (the last stage change until then, else where the project stands now; this year: where it stands now), in two
    queries whatever the number of years: each entry into the study with the moment of the project's next change,
    and the projects in study now with the moment of their first change."""
    this_year = timezone.localdate().year

    def year_of(moment):
        return moment.astimezone(zone).year if moment else None

    # (territory, sector, first year, year it left or None) → projects in study on each 31 December in between.
    spells = Counter()
    after = Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), pk__gt=OuterRef("pk"))
    following = StageChange.objects.filter(after, project=OuterRef("project")).order_by("at", "pk").values("at")
    entries = (
        StageChange.objects.filter(to_stage=Stage.OPPORTUNITY_STUDY)
        .annotate(left_at=Subquery(following[:1]))
        .order_by()
        .values_list("at", "left_at", "project__created_at", "project__territory", "project__sector")
    )
    for at, left_at, created_at, territory, sector in entries:
        spells[territory, sector, max(year_of(at), year_of(created_at)), year_of(left_at)] += 1
    first_change = StageChange.objects.filter(project=OuterRef("pk")).order_by("at", "pk").values("at")
    studying = (
        Project.objects.filter(stage=Stage.OPPORTUNITY_STUDY, side_state="")
        .annotate(first_change_at=Subquery(first_change[:1]))
        .order_by()
        .values_list("created_at", "first_change_at", "territory", "sector")
    )
    now = Counter()
    for created_at, first_change_at, territory, sector in studying:
        now[territory, sector] += 1
        spells[territory, sector, year_of(created_at), year_of(first_change_at)] += 1
    counts = defaultdict(int)
    for (territory, sector, first, left), projects in spells.items():
        for year in range(first, min(left or this_year, this_year)):
            for cell in _cells(year, territory, sector):
                counts[cell] += projects
    for (territory, sector), projects in now.items():
        for year in range(this_year, until + 1):
            for cell in _cells(year, territory, sector):
                counts[cell] += projects
    return counts


# A cell's figures before its own: zero, or empty where an indicator does not apply to a sector.
_REGION_ZEROS = {indicator.key: 0 for indicator in INDICATORS}
_SECTOR_ZEROS = {indicator.key: 0 if indicator.by_sector else None for indicator in INDICATORS}


def _values(cell, sums, partners, months, survival, studies):
    values = dict(_REGION_ZEROS if cell[2] is ALL else _SECTOR_ZEROS)
    values.update(sums.get(cell, ()))
    values["partners_mobilised"] = len(partners.get(cell, ()))
    values["studies_in_progress"] = studies.get(cell, 0)
    values["median_months_to_creation"] = median_months(months.get(cell, []))
    followed, alive = survival.get(cell, (0, 0))
    values["survival_3y"] = _one_decimal(Decimal(alive * 100) / followed) if followed else None
    return values


def indicators_table(*, until=None) -> dict:
    """{(year, territory pk or ALL, sector pk or ALL): {indicator key: value}} from the first year with data to
    `until` (this year by default), the values of `indicators_for`; a cell whose every indicator is zero or empty
    is left out, except the region's of each year. Eleven queries, whatever the number of rows and years."""
    until = until or timezone.localdate().year
    zone = timezone.get_current_timezone()
    sums = _sums()
    partners = _partners()
    months, survival = _follow_up()
    studies = _studies_in_progress(zone, until=until)
    cells = set(sums) | set(partners) | set(months) | set(survival) | set(studies)
    first = min((year for year, _territory, _sector in cells if year <= until), default=until)
    cells = {cell for cell in cells if first <= cell[0] <= until}
    cells |= {(year, ALL, ALL) for year in range(first, until + 1)}
    table = {}
    for cell in cells:
        values = _values(cell, sums, partners, months, survival, studies)
        if cell[1:] == (ALL, ALL) or any(values.values()):
            table[cell] = values
    return table
