"""Each figure of the dashboard opens the list of the rows behind it (governance/indicator_links.py): on a year of
known data, with rows that count and rows that must not, the list a link opens shows exactly the rows the
indicator counts (or sums), for the region, one territory, one sector, and a referent's default scope."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from core.roles import Role
from governance import indicators
from governance.indicator_links import LINKS, NO_LIST, indicator_list_url
from projects.models import Project

from ..fabrique.factories import UserFactory
from ..helpers import text
from .factories import AgendaItemFactory, DecisionFactory
from .indicator_data import YEAR, known_year, project

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    """The known year, and rows that each link must leave out although they look close."""
    data = known_year()
    p1 = data.projects["p1"]
    # Launched a study in 2025, then paused: not in study on 31 December.
    data.projects["paused"] = project(
        territory=data.territory,
        sector=data.sector,
        detected="2025-01-10",
        stage="opportunity_study",
        side_state="on_hold",
        steps=[("detected", "opportunity_study", "2025-02-01"), ("opportunity_study", "on_hold", "2025-06-01")],
    )
    # Back from the study to the idea in 2025: no conclusion.
    data.projects["back"] = project(
        territory=data.territory,
        sector=data.sector,
        detected="2024-01-10",
        steps=[("detected", "opportunity_study", "2024-03-01"), ("opportunity_study", "detected", "2025-05-01")],
    )
    # A go on no project (a committee's own matter): no project's decision.
    meeting = p1.decisions.get().agenda_item.meeting
    DecisionFactory(
        agenda_item=AgendaItemFactory(meeting=meeting, project=None, topic="Budget du comité"),
        outcome="go",
        decided_on=meeting.starts_at.date(),
    )
    return data


def _listing(response):
    assert response.status_code == 200
    return response.context["listing"]


def _pks(response):
    listing = _listing(response)
    rows = list(listing.page.object_list)
    assert listing.page.paginator.count == len(rows)  # one page: every row is read
    return {row.pk for row in rows}


def _count(response, value):
    assert len(_pks(response)) == value


def _participants(response, value):
    assert response.context["totals"].participants == value


def _jobs(response, value):
    jobs = Project.objects.filter(pk__in=_pks(response)).aggregate(jobs=Sum("jobs_created_fte"))["jobs"]
    assert (jobs or Decimal(0)) == value


def _requested(response, value):
    _listing(response)
    assert response.context["totals"].requested == value
    assert all(row["requested"] for row in response.context["listing"].rows)  # a funder without any: no row


def _granted(response, value):
    _listing(response)
    assert response.context["totals"].granted == value
    assert all(row["granted"] for row in response.context["listing"].rows)


def _median(response, value):
    rows = Project.objects.filter(pk__in=_pks(response)).values_list("created_at", "creation_date")
    days = [max(0, (created_on - timezone.localtime(created_at).date()).days) for created_at, created_on in rows]
    assert indicators.median_months(days) == value


def _survival(response, value):
    alive = list(Project.objects.filter(pk__in=_pks(response)).values_list("still_active_3y", flat=True))
    assert None not in alive
    expected = indicators._one_decimal(Decimal(sum(alive) * 100) / len(alive)) if alive else None
    assert expected == value


# How the rows of each list make up its figure.
CHECKS = {
    "ideas_detected": _count,
    "creativity_sessions": _count,
    "creativity_participants": _participants,
    "studies_launched": _count,
    "studies_in_progress": _count,
    "studies_concluded": _count,
    "decisions_go": _count,
    "decisions_no_go": _count,
    "projects_transmitted": _count,
    "enterprises_created": _count,
    "jobs_created": _jobs,
    "jobs_non_relocatable": _jobs,
    "funding_requested": _requested,
    "funding_granted": _granted,
    "median_months_to_creation": _median,
    "survival_3y": _survival,
}


def test_every_indicator_has_a_list_or_says_why_not():
    keys = {indicator.key for indicator in indicators.INDICATORS}
    assert set(LINKS) | NO_LIST == keys and not set(LINKS) & NO_LIST
    assert set(CHECKS) == set(LINKS)
    assert indicator_list_url("partners_mobilised", year=YEAR) is None
    assert indicator_list_url("unknown", year=YEAR) is None


def _check_every_link(client, values, **scope):
    for key, check in CHECKS.items():
        url = indicator_list_url(key, **scope)
        if values[key] is None and not indicators.INDICATORS_BY_KEY[key].by_sector:
            assert url is None, key  # events per sector: a blank figure links nowhere
            continue
        check(client.get(url), values[key])


@pytest.mark.parametrize("year", [YEAR, YEAR - 1, timezone.localdate().year])
def test_region_lists_show_the_rows_of_each_figure(client_for, coordinator, data, year):
    values = indicators.indicators_for(year=year)
    _check_every_link(client_for(coordinator), values, year=year, region=True)


def test_territory_lists_show_the_rows_of_each_figure(client_for, coordinator, data):
    values = indicators.indicators_for(year=YEAR, territory=data.territory)
    _check_every_link(client_for(coordinator), values, year=YEAR, territory=data.territory)


def test_sector_lists_show_the_rows_of_each_figure(client_for, coordinator, data):
    values = indicators.indicators_for(year=YEAR, sector=data.sector)
    assert values["creativity_sessions"] is None
    _check_every_link(client_for(coordinator), values, year=YEAR, sector=data.sector)


def test_territory_and_sector_lists_show_the_rows_of_each_figure(client_for, coordinator, data):
    values = indicators.indicators_for(year=YEAR, territory=data.other, sector=data.sector)
    _check_every_link(client_for(coordinator), values, year=YEAR, territory=data.other, sector=data.sector)


def test_a_referents_default_scope_is_their_territories(client_for, data):
    referent = UserFactory(role=Role.REFERENT, organisation=data.territory.referent_actor)
    values = indicators.indicators_for(year=YEAR, territory=[data.territory])
    assert values != indicators.indicators_for(year=YEAR)  # the other territory's rows are left out
    _check_every_link(client_for(referent), values, year=YEAR)
    # And the whole region when asked.
    _check_every_link(client_for(referent), indicators.indicators_for(year=YEAR), year=YEAR, region=True)


def test_a_coordinators_default_scope_is_the_region(client_for, coordinator, data):
    _check_every_link(client_for(coordinator), indicators.indicators_for(year=YEAR), year=YEAR)


def test_the_rows_are_the_ones_the_definitions_name(client_for, coordinator, data):
    """Beyond the counts: the very rows, with those that must not be there left out."""
    client = client_for(coordinator)
    p = data.projects

    def rows(key, **scope):
        return _pks(client.get(indicator_list_url(key, year=YEAR, region=True, **scope)))

    assert rows("studies_launched") == {p["p1"].pk, p["p2"].pk, p["paused"].pk}
    assert rows("studies_in_progress") == {p["p2"].pk}  # paused and abandoned ones left out
    assert rows("studies_concluded") == {p["p1"].pk, p["p3"].pk}  # the return to the idea is no conclusion
    assert rows("projects_transmitted") == {p["p1"].pk}
    assert rows("enterprises_created") == {p["p1"].pk, p["p4"].pk}
    assert rows("jobs_non_relocatable") == {p["p1"].pk}
    assert rows("survival_3y") == {made.pk for made in p["survivors"] if made.still_active_3y is not None}
    assert rows("ideas_detected", territory=data.territory) == {p["p1"].pk, p["p2"].pk, p["paused"].pk}
    # Decisions in force on a project: not the amended go of p2, nor the go on no project.
    go = client.get(indicator_list_url("decisions_go", year=YEAR, region=True)).context["listing"].rows
    assert [decision.project_id for decision in go] == [p["p1"].pk]


def test_funding_rows_per_funder(client_for, coordinator, data):
    client = client_for(coordinator)
    granted = client.get(indicator_list_url("funding_granted", year=YEAR, region=True))
    assert {row["funder__name"]: row["granted"] for row in granted.context["listing"].rows} == {
        "Financeur connu 1": Decimal("8000"),
        "Financeur connu 2": Decimal("2000"),
    }
    requested = client.get(indicator_list_url("funding_requested", year=YEAR, territory=data.territory))
    # The planned line of p3 is left out: no planned amount in the totals.
    assert requested.context["totals"].planned == 0
    assert 'Total demandé</dt><dd class="col-5 text-end mb-0">15\u00a0000\u00a0€' in text(requested)


def test_the_links_read(data):
    assert indicator_list_url("ideas_detected", year=YEAR, region=True) == "/projets/?annee=2025&perimetre=region"
    assert indicator_list_url("studies_in_progress", year=YEAR, territory=data.territory, sector=data.sector) == (
        f"/projets/?etape=opportunity_study&au_31_decembre=2025&territoire=beauvaisis-connu&filiere={data.sector.slug}"
    )
    assert indicator_list_url("survival_3y", year=YEAR).endswith("suivi_3_ans=renseigne&creee_en=2022")
    # Decisions and funding open on the region for a referent: their territories are asked for.
    assert "perimetre=mes-territoires" in indicator_list_url("decisions_go", year=YEAR)
    assert "perimetre" not in indicator_list_url("ideas_detected", year=YEAR)
    assert indicator_list_url("creativity_sessions", year=YEAR, sector=data.sector) is None
