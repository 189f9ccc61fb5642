"""The open data's table (governance/indicator_table.py): every cell agrees with `indicators_for`, in a number of
queries that does not grow with projects, territories, sectors or years."""

import datetime

import pytest
from django.utils import timezone

from governance.indicator_table import ALL, indicators_table
from governance.indicators import INDICATORS, indicators_for
from projects.models import Project, StageChange
from tests.projects.factories import FundingLineFactory, ProjectFactory
from tests.territories.factories import ActorFactory, AnimationEventFactory, EngagedTerritoryFactory, SectorFactory

from .indicator_data import YEAR, at, d, known_year, project

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def data():
    return known_year()


def expected(year, territory, sector):
    return indicators_for(year=year, territory=territory, sector=sector)


def test_every_cell_agrees_with_indicators_for(data):
    table = indicators_table()
    territories = [ALL, data.territory, data.other]
    sectors = [ALL, data.sector, data.other_sector]
    for year in range(2021, THIS_YEAR + 1):
        for territory in territories:
            for sector in sectors:
                key = (year, territory and territory.pk, sector and sector.pk)
                wanted = expected(year, territory, sector)
                if key in table:
                    assert table[key] == wanted, key
                else:
                    # Left out: every figure is zero or empty.
                    assert not any(wanted.values()), (key, wanted)


def test_the_known_year_is_in_the_table(data):
    table = indicators_table()
    assert table[YEAR, ALL, ALL] == data.expected_region
    assert table[YEAR, data.territory.pk, ALL] == data.expected_territory
    assert table[YEAR, ALL, data.sector.pk] == data.expected_sector


def test_years_run_from_the_first_with_data_to_this_year(data):
    years = {year for year, _territory, _sector in indicators_table()}
    # The first year with data: the enterprises of 2022 followed at three years; their ideas were recorded in 2021.
    assert years == set(range(2021, THIS_YEAR + 1))


def test_the_region_row_of_each_year_is_kept_when_empty(db):
    ProjectFactory.create_batch(1)
    Project.objects.update(created_at=at(d("2019-03-01")))
    table = indicators_table()
    assert (2020, ALL, ALL) in table
    assert not any(table[2020, ALL, ALL].values())
    assert [key for key in table if key[0] == 2020] == [(2020, ALL, ALL)]


def test_events_are_blank_in_sector_rows(data):
    table = indicators_table()
    for (_year, _territory, sector), values in table.items():
        for indicator in INDICATORS:
            if sector is not ALL and not indicator.by_sector:
                assert values[indicator.key] is None
            elif indicator.key not in ("median_months_to_creation", "survival_3y"):
                assert values[indicator.key] is not None


def test_studies_in_progress_over_years(db):
    territory, sector = EngagedTerritoryFactory(), SectorFactory()
    # In study from 2020 to 2023, then again from 2024 on; a tie at one instant: the later change wins.
    project(
        territory=territory,
        sector=sector,
        detected="2019-11-01",
        stage="opportunity_study",
        steps=[
            ("detected", "opportunity_study", "2020-02-01"),
            ("opportunity_study", "detected", "2023-06-01"),
            ("detected", "opportunity_study", "2024-06-01"),
            ("opportunity_study", "on_hold", "2024-12-31"),
            ("on_hold", "opportunity_study", "2024-12-31"),
        ],
    )
    # In study now, its first stage change in 2022: where it stands now on 31 December 2021, then by its changes.
    late = ProjectFactory(territory=territory, stage="opportunity_study")
    Project.objects.filter(pk=late.pk).update(created_at=at(d("2021-05-01")))
    StageChange.objects.create(
        project=late, from_stage="detected", to_stage="opportunity_study", at=at(d("2022-03-01"))
    )
    # Never recorded at all: where it stands, from its creation.
    bare = ProjectFactory(territory=territory, stage="opportunity_study")
    Project.objects.filter(pk=bare.pk).update(created_at=at(d("2022-12-31")))
    table = indicators_table()
    for year in range(2019, THIS_YEAR + 1):
        for scope in ({}, {"territory": territory}, {"sector": sector}, {"territory": territory, "sector": sector}):
            key = (year, scope.get("territory") and territory.pk, scope.get("sector") and sector.pk)
            wanted = indicators_for(year=year, **scope)["studies_in_progress"]
            assert table.get(key, {}).get("studies_in_progress", 0) == wanted, (key, wanted)
    assert table[2021, ALL, ALL]["studies_in_progress"] == 2
    assert table[2023, ALL, ALL]["studies_in_progress"] == 2
    assert table[2024, ALL, ALL]["studies_in_progress"] == 3


def _fill(size):
    """Projects, stage changes, funding, events with partners over several territories, sectors and years."""
    territories = EngagedTerritoryFactory.create_batch(size)
    sectors = SectorFactory.create_batch(size)
    funder = ActorFactory()
    for index in range(size * 3):
        year = 2018 + index % (size + 1)
        made = project(
            territory=territories[index % size],
            sector=sectors[index % size] if index % 4 else None,
            detected=f"{year}-02-01",
            stage="created" if index % 2 else "opportunity_study",
            creation_date=datetime.date(year + 1, 3, 1) if index % 2 else None,
            still_active_3y=True if index % 3 else None,
            steps=[("detected", "opportunity_study", f"{year}-05-01")],
        )
        FundingLineFactory(project=made, funder=funder, year=year, amount_granted=100, status="granted")
        event = AnimationEventFactory(territory=territories[index % size], date=datetime.date(year, 6, 1))
        event.partners_present.set([funder])


@pytest.mark.parametrize("size", [1, 6])
def test_the_table_takes_a_fixed_number_of_queries(django_assert_num_queries, size):
    _fill(size)
    with django_assert_num_queries(11):
        table = indicators_table()
    assert len({year for year, _t, _s in table}) >= size
