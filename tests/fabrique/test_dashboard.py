"""The dashboard: the figures of a year, a perimeter and a sector for each role, their definitions and text
alternatives, the links to the rows behind them, and the work blocks of those who do the work."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import indicators
from projects.models import Project

from ..governance.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    CommitteeFactory,
    CommitteeMemberFactory,
    DecisionFactory,
    MeetingFactory,
    TargetFactory,
)
from ..helpers import text
from ..projects.factories import FundingLineFactory, NextStepFactory, ProjectFactory
from ..territories.factories import ActorFactory, EngagedTerritoryFactory, SectorFactory

URL = reverse("dashboard")
YEAR = timezone.localdate().year


def figure(page, key):
    """The value shown for an indicator among the key figures or in the table (the first one)."""
    match = re.search(rf'data-indicator="{key}">\s*<span class="key-figure-value">(?:<a href="[^"]*">)?([^<]*)', page)
    if match is None:
        match = re.search(rf'<td [^>]*data-indicator="{key}">(?:<a href="[^"]*">)?([^<]*)', page)
    return match.group(1).strip()


def table_value(page, key):
    return re.search(rf'<td [^>]*data-indicator="{key}">(?:<a href="[^"]*">)?([^<]*)', page).group(1).strip()


@pytest.fixture
def two_territories(referent, own_territory, other_territory):
    """Two ideas on the referent's territory, three on another one."""
    ProjectFactory.create_batch(2, territory=own_territory, title="Projet du Beauvaisis")
    ProjectFactory.create_batch(3, territory=other_territory, title="Projet d’Amiens")
    return own_territory, other_territory


# --- Access ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_staff_is_refused(client, staff):
    client.force_login(staff)
    assert client.get(URL).status_code == 403


# --- Coordinators ----------------------------------------------------------------------------------


def test_coordinator_sees_the_region_and_any_territory(client, coordinator, two_territories):
    own, other = two_territories
    client.force_login(coordinator)

    page = text(client.get(URL))
    assert "Tous les territoires" in page
    assert f'value="{own.slug}"' in page and f'value="{other.slug}"' in page
    assert figure(page, "ideas_detected") == "5"

    page = text(client.get(URL, {"territoire": other.slug}))
    assert figure(page, "ideas_detected") == "3"
    assert f"Chiffres {YEAR}\u00a0: Amiens Métropole" in page


def test_a_sector_narrows_the_figures_and_hides_the_targets(client, coordinator, territory):
    mobility = SectorFactory(name="Mobilité", slug="mobilite")
    ProjectFactory(territory=territory, sector=mobility)
    ProjectFactory(territory=territory)
    TargetFactory(year=YEAR, territory=None, indicator="ideas_detected", value=10)
    client.force_login(coordinator)

    page = text(client.get(URL))
    assert figure(page, "ideas_detected") == "2"
    assert "20,0\u00a0%" in page  # 2 of the region's 10

    page = text(client.get(URL, {"filiere": "mobilite"}))
    assert figure(page, "ideas_detected") == "1"
    assert "ils ne s’appliquent pas aux chiffres d’une filière" in page
    assert "20,0\u00a0%" not in page


def test_coordinator_sees_the_work_blocks(client, coordinator, territory):
    today = timezone.localdate()
    stalled = ProjectFactory(
        territory=territory, title="Garage en panne", next_step_due=today - datetime.timedelta(days=3)
    )
    NextStepFactory(project=stalled, text="Appeler la mairie", due_date=today - datetime.timedelta(days=3))
    meeting = MeetingFactory(title="Séance de printemps")
    ActionItemFactory(meeting=meeting, description="Envoyer le compte rendu", due_on=today - datetime.timedelta(days=1))
    DecisionFactory(agenda_item=AgendaItemFactory(meeting=meeting, project=stalled), project=stalled)
    client.force_login(coordinator)

    page = text(client.get(URL))
    for expected in ("Garage en panne", "Appeler la mairie", "Envoyer le compte rendu", "Séance de printemps"):
        assert expected in page
    assert f"{reverse('project_list')}?arret=oui" in page


# --- Referents -------------------------------------------------------------------------------------


def test_referent_sees_their_territories_by_default_and_may_switch_to_the_region(client, referent, two_territories):
    own, other = two_territories
    client.force_login(referent)

    page = text(client.get(URL))
    assert "Mes territoires" in page and "Ensemble de la région" in page
    assert f'value="{other.slug}"' not in page
    assert figure(page, "ideas_detected") == "2"

    page = text(client.get(URL, {"territoire": "region"}))
    assert figure(page, "ideas_detected") == "5"
    # Their list of stalled projects opens on the region too.
    assert "perimetre=region" in page

    page = text(client.get(URL, {"territoire": own.slug}))
    assert figure(page, "ideas_detected") == "2"


def test_referent_is_refused_another_territory(client, referent, two_territories):
    _own, other = two_territories
    client.force_login(referent)

    response = client.get(URL, {"territoire": other.slug})

    assert response.status_code == 200
    page = text(response)
    assert "Ce territoire n’est pas proposé" in page
    assert figure(page, "ideas_detected") == "2"  # their own territories, not the other one
    assert other.name not in page


def test_referent_with_several_territories_is_told_where_targets_apply(client, referent, own_territory):
    EngagedTerritoryFactory(referent_actor=referent.organisation)
    TargetFactory(year=YEAR, territory=own_territory, indicator="ideas_detected", value=10)
    client.force_login(referent)

    page = text(client.get(URL))
    assert "choisissez l’un de vos territoires" in page

    page = text(client.get(URL, {"territoire": own_territory.slug}))
    assert "choisissez l’un de vos territoires" not in page
    assert "0,0\u00a0%" in page


# --- Partners --------------------------------------------------------------------------------------


def test_partner_sees_the_region_figures_only(client, partner, two_territories):
    own, _other = two_territories
    own_next_step = NextStepFactory(
        project=Project.objects.filter(territory=own).first(),
        text="Relancer Mme Martin",
        due_date=timezone.localdate() - datetime.timedelta(days=2),
    )
    client.force_login(partner)

    response = client.get(URL, {"territoire": own.slug})

    assert response.status_code == 200
    page = text(response)
    assert figure(page, "ideas_detected") == "5"  # the region's, whatever is asked
    assert 'name="territoire"' not in page
    assert "Projet du Beauvaisis" not in page and "Projet d’Amiens" not in page
    assert "Projets à l’arrêt" not in page and own_next_step.text not in page
    assert own_next_step.owner.last_name not in page
    assert f'href="{reverse("project_list")}?' not in page


def test_partner_sees_the_meetings_and_decisions_of_their_committees_only(client, partner, territory):
    theirs = CommitteeFactory(name="Comité des financeurs")
    CommitteeMemberFactory(committee=theirs, user=partner)
    MeetingFactory(committee=theirs, title="Séance des financeurs")
    MeetingFactory(title="Séance d’un autre comité")
    MeetingFactory(committee=theirs, title="Séance en préparation", status="planned")
    client.force_login(partner)

    page = text(client.get(URL))

    assert "Séance des financeurs" in page
    assert "Séance d’un autre comité" not in page
    assert "Séance en préparation" not in page


def test_a_partner_given_a_seat_sees_that_committee_s_meetings_at_once(client, partner):
    other = MeetingFactory(title="Séance du comité technique")
    client.force_login(partner)
    assert "Séance du comité technique" not in text(client.get(URL))  # the work block is now cached

    CommitteeMemberFactory(committee=other.committee, user=partner)

    assert "Séance du comité technique" in text(client.get(URL))


# --- What every figure carries ---------------------------------------------------------------------


def test_every_indicator_has_its_definition_as_a_tooltip(client, coordinator):
    client.force_login(coordinator)
    page = text(client.get(URL))
    for indicator in indicators.INDICATORS:
        tip = f'id="definition-tableau-{indicator.key}"'
        assert tip in page
        assert f'aria-describedby="definition-tableau-{indicator.key}"' in page
        assert str(indicator.definition) in page


def test_every_chart_has_a_text_alternative_and_its_figures(client, coordinator, territory):
    ProjectFactory(territory=territory)
    client.force_login(coordinator)
    page = text(client.get(URL))
    charts = re.findall(r'<svg [^>]*role="img"[^>]*aria-labelledby="([^"]+)"', page)
    assert len(charts) == 2
    for labelled_by in charts:
        for element_id in labelled_by.split():
            assert f'id="{element_id}"' in page
    assert "idée détectée\u00a0: Projets 1" in page  # the funnel's description reads every value
    assert page.count("<summary>Voir les chiffres</summary>") == 2


def test_the_funding_chart_shows_the_first_funders_and_sums_the_others(client, coordinator, territory):
    """Eighteen funders: the chart and its table show the fifteen largest grants (ties broken by name, so that the
    fifteenth is always the same one), and one row sums the three others."""
    project = ProjectFactory(territory=territory)
    # Funders 00 to 11 grant 20,000 € down to 9,000 €; 12 to 17 grant 1,000 € each, recorded from 17 down to 12 so
    # that their order of creation is not that of their names.
    for index in [*range(12), *range(17, 11, -1)]:
        granted = 20_000 - index * 1_000 if index < 12 else 1_000
        FundingLineFactory(
            project=project,
            funder=ActorFactory(name=f"Financeur {index:02d}"),
            year=YEAR,
            amount_requested=granted,
            amount_granted=granted,
            status="granted",
        )
    client.force_login(coordinator)
    page = text(client.get(URL))
    table = page[page.index('id="financements"') :]
    names = re.findall(r"Financeur (\d\d)", table[: table.index("autres financeurs")])
    assert len(set(names)) == 15
    assert set(names) == {f"{index:02d}" for index in range(15)}
    # The three left out: 1,000 € each, summed in one row.
    assert re.search(r"3 autres financeurs\s*</t[hd]>\s*<td[^>]*>\s*</td>\s*<td[^>]*>3\u00a0000\u00a0€", table)
    assert "Les 15 premiers financeurs." in page


def test_a_figure_links_to_its_rows_when_there_is_a_list(client, coordinator, territory, monkeypatch):
    from fabrique.dashboard import selectors

    monkeypatch.setattr(
        selectors,
        "indicator_list_url",
        lambda key, **kwargs: "/projets/?annee=2026" if key == "ideas_detected" else None,
    )
    client.force_login(coordinator)
    page = text(client.get(URL))
    assert (
        '<a href="/projets/?annee=2026">0<span class="visually-hidden"> — voir la liste\u00a0: Idées détectées' in page
    )


def test_a_partner_gets_no_link_to_a_project_list(client, partner, monkeypatch):
    from fabrique.dashboard import selectors

    def links(key, **kwargs):
        return "/territoires/actions/?type=creativity_session" if key == "creativity_sessions" else "/projets/?x=1"

    monkeypatch.setattr(selectors, "indicator_list_url", links)
    client.force_login(partner)
    page = text(client.get(URL))
    assert 'href="/projets/?x=1"' not in page
    assert 'href="/territoires/actions/?type=creativity_session"' in page


# --- Odd input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, message",
    [
        ({"annee": "1800"}, "Cette année n’est pas proposée"),
        ({"annee": "deux mille"}, "Cette année n’est pas proposée"),
        ({"annee": "20\x0026"}, "caractère nul"),
        ({"filiere": "inconnue"}, "Cette filière n’est pas proposée"),
        ({"territoire": "nulle-part"}, "Ce territoire n’est pas proposé"),
        ({"territoire": "a\x00b"}, "caractère nul"),
    ],
)
def test_odd_filters_fall_back_to_the_default_with_a_message(client, coordinator, query, message):
    client.force_login(coordinator)
    response = client.get(URL, query)
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert f"Chiffres {YEAR}\u00a0: toute la région" in page


def test_years_run_from_the_first_with_data_to_next_year(client, coordinator, territory):
    project = ProjectFactory(territory=territory)
    Project.objects.filter(pk=project.pk).update(created_at=timezone.now().replace(year=YEAR - 3))
    client.force_login(coordinator)
    page = text(client.get(URL))
    years = re.findall(r'<option value="(\d{4})"', page)
    assert years == [str(year) for year in range(YEAR + 1, YEAR - 4, -1)]
    assert f'<option value="{YEAR}" selected>' in page
