"""The indicators of governance/indicators.py on a year of known data: each one, per territory and sector, by
quarter, against targets, in a fixed number of queries."""

import datetime
import statistics
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import formats, timezone, translation

from governance import indicators
from governance.models import TARGET_INDICATORS
from projects.models import Project
from tests.projects.factories import FundingLineFactory, ProjectFactory
from tests.territories.factories import AnimationEventFactory

from .indicator_data import YEAR, known_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return known_year()


def test_every_target_names_an_indicator():
    assert {key for key, _label in TARGET_INDICATORS} <= set(indicators.INDICATORS_BY_KEY)


def test_every_indicator_has_one_written_definition():
    keys = [indicator.key for indicator in indicators.INDICATORS]
    assert len(keys) == len(set(keys))
    for indicator in indicators.INDICATORS:
        assert str(indicator.label) and str(indicator.definition).endswith(".") and str(indicator.dated_by)
        assert indicator.unit in indicators.UNIT_LABELS


def test_region_indicators_on_known_data(data):
    values = indicators.indicators_for(year=YEAR)
    assert values == data.expected_region


def test_territory_indicators_on_known_data(data):
    assert indicators.indicators_for(year=YEAR, territory=data.territory) == data.expected_territory


def test_sector_indicators_leave_events_blank(data):
    assert indicators.indicators_for(year=YEAR, sector=data.sector) == data.expected_sector


def test_another_year_counts_other_rows(data):
    values = indicators.indicators_for(year=2024)
    assert values["ideas_detected"] == 1  # p3
    assert values["studies_launched"] == 1
    assert values["creativity_participants"] == 99
    assert values["studies_in_progress"] == 1  # p3 was in study on 31 December 2024
    assert values["enterprises_created"] == 0
    assert values["median_months_to_creation"] is None


def test_quarters_add_up_to_the_year(data):
    quarters = indicators.quarterly_figures(year=YEAR)
    values = indicators.indicators_for(year=YEAR)
    assert quarters["ideas_detected"] == [2, 1, 0, 0]
    assert quarters["jobs_created"] == [0, 0, Decimal("3.5"), Decimal("2.0")]
    assert quarters["decisions_no_go"] == [1, 0, 0, 0]
    for key, figures in quarters.items():
        assert indicators.INDICATORS_BY_KEY[key].by_quarter
        assert sum(figures) == values[key], key
    assert "funding_granted" not in quarters


def test_pipeline_at_the_end_of_the_year(data):
    rows = indicators.pipeline_rows(year=YEAR)
    stages = {step: count for step, _label, count in indicators.pipeline_by_stage(rows)}
    assert stages["created"] == 5  # p1, p4 and the three of 2022
    assert stages["opportunity_study"] == 1
    assert stages["abandoned"] == 1
    assert stages["detected"] == 0
    per_territory = dict(indicators.projects_per(rows, by="territory"))
    assert per_territory == {"Beauvaisis connu": 5, "Amiens connu": 1}
    per_sector = dict(indicators.projects_per(rows, by="sector"))
    assert per_sector["Habitat connu"] == 1 and per_sector["Mobilité connue"] == 1


def test_funding_per_funder(data):
    rows = {row["funder__name"]: row for row in indicators.funding_per_funder(year=YEAR)}
    assert rows["Financeur connu 1"]["funding_requested"] == Decimal("10000")
    assert rows["Financeur connu 1"]["funding_granted"] == Decimal("8000")
    assert rows["Financeur connu 2"]["funding_requested"] == Decimal("7000")
    assert rows["Financeur connu 2"]["funding_granted"] == Decimal("2000")
    assert "Financeur connu 3" not in rows  # 2024 only


def test_animation_summary(data):
    summary = indicators.animation_summary(year=YEAR, territory=data.territory)
    kinds = {row["kind"]: row for row in summary["kinds"]}
    assert kinds["séance de créativité"]["events"] == 2
    assert kinds["séance de créativité"]["participants"] == 20
    assert kinds["séance de créativité"]["ideas"] == 4
    assert kinds["rencontre territoriale"]["participants"] == 30
    assert dict(summary["partners"]) == {"Partenaire connu 1": 1, "Partenaire connu 2": 2, "Partenaire connu 3": 1}


def test_targets_and_achievement(data):
    targets = indicators.targets_for(year=YEAR)
    assert targets == {"ideas_detected": Decimal("10.0"), "jobs_created": Decimal("11.0")}
    assert indicators.targets_for(year=YEAR, territory=data.territory) == {"ideas_detected": Decimal("4.0")}
    assert indicators.achievement(3, targets["ideas_detected"]) == Decimal("30.0")
    assert indicators.achievement(Decimal("5.5"), targets["jobs_created"]) == Decimal("50.0")
    assert indicators.achievement(None, 5) is None
    assert indicators.achievement(3, None) is None


def test_display_is_french():
    assert indicators.display(17000, indicators.EUROS) == "17\u00a0000\u00a0€"
    assert indicators.display(Decimal("1234.5"), indicators.EUROS) == "1\u00a0234,50\u00a0€"
    assert indicators.display(Decimal("5.5"), indicators.FTE) == "5,5"
    assert indicators.display(Decimal("50.0"), indicators.PERCENT) == "50,0\u00a0%"
    assert indicators.display(None, indicators.COUNT) == "—"
    assert indicators.display(1200, indicators.COUNT) == "1\u00a0200"


def _grow(territory, count):
    for index in range(count):
        project = ProjectFactory(territory=territory, stage="created", creation_date=f"{YEAR}-0{1 + index % 9}-15")
        FundingLineFactory(project=project, year=YEAR, status="granted", amount_granted=100)
        AnimationEventFactory(territory=territory, date=f"{YEAR}-05-0{1 + index % 9}")


@pytest.mark.parametrize("extra", [3, 30])
def test_queries_do_not_grow_with_rows(data, extra, django_assert_max_num_queries):
    _grow(data.territory, extra)
    # Beyond one aggregate per table read: the funders' names, read apart from their sums (funder_rows), and the
    # median's middle enterprises, read in order apart from the survival counts.
    with django_assert_max_num_queries(11):
        indicators.indicators_for(year=YEAR)
    with django_assert_max_num_queries(11):
        indicators.indicators_for(year=YEAR, territory=data.territory, sector=data.sector)
    with django_assert_max_num_queries(5):
        indicators.quarterly_figures(year=YEAR)


def test_this_years_funnel_counts_where_each_project_stands_now():
    """This year the funnel reads each project's own stage and side state (no stage change can follow today): the
    same counts as the step written out for each project, in the pack's grouping."""
    this_year = timezone.localdate().year
    for stage, side_state in [
        ("detected", ""),
        ("detected", ""),
        ("opportunity_study", ""),
        ("opportunity_study", "on_hold"),
        ("created", ""),
        ("leader_search", "abandoned"),
    ]:
        ProjectFactory(stage=stage, side_state=side_state)
    steps = indicators.pipeline_steps(year=this_year)
    by_stage = {step: count for step, _label, count in indicators.pipeline_by_stage(steps)}
    assert by_stage == {
        step: count for step, _label, count in indicators.pipeline_by_stage(indicators.pipeline_rows(year=this_year))
    }
    assert (by_stage["detected"], by_stage["opportunity_study"], by_stage["created"]) == (2, 1, 1)
    assert (by_stage["on_hold"], by_stage["abandoned"]) == (1, 1)
    assert indicators.indicators_for(year=this_year)["studies_in_progress"] == 1


@pytest.mark.parametrize(
    "days",
    [[40], [10, 400], [0, 61, 1000], [-5, 30, 90, 365], [30, 30, 31, 31, 31]],
    ids=["one", "two", "three", "four-one-before-detection", "ties"],
)
def test_the_median_reads_the_middle_enterprises(days):
    """The median months from detection to creation read from the middle one or two enterprises in order: the same
    as the median of every enterprise's days (a creation dated before the detection counts as none)."""
    year = 2024
    created_on = datetime.date(year, 6, 30)
    for spent in days:
        made = ProjectFactory(stage="created", creation_date=created_on)
        detected = datetime.datetime.combine(created_on - datetime.timedelta(days=spent), datetime.time(23, 30))
        Project.objects.filter(pk=made.pk).update(created_at=timezone.make_aware(detected))
    values = indicators.indicators_for(year=year)
    assert values["enterprises_created"] == len(days)
    expected = Decimal(statistics.median([max(0, spent) for spent in days])) / indicators.DAYS_PER_MONTH
    assert values["median_months_to_creation"] == expected.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_grouped_writes_numbers_as_django_does(language):
    """`grouped` is Django's number_format (decimals cut, thousands grouped, no -0), only faster."""
    values = [Decimal(text) for text in ("0", "-0", "-0.04", "0.05", "999.999", "16751.5", "-1234567.891", "1E3")]
    values += [Decimal(n) / 10**places for n in (7, -12345, 987654321, 1000000) for places in range(5)]
    with translation.override(language):
        for value in values:
            for places in (0, 1, 2):
                expected = formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
                assert indicators.grouped(value, places) == expected, (value, places)
