"""The list of projects: who reads it, what it never shows, each filter, sorting, flags and its query budget."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from projects.models import Project
from projects.models import projects as project_models

from ..fabrique.factories import UserFactory
from ..helpers import text
from ..territories.factories import ActorFactory, EngagedTerritoryFactory, SectorFactory
from .factories import ProjectFactory

NBSP = "\u00a0"
LEADER = {
    "leader_name": "Camille Porteuse",
    "leader_email": "camille.porteuse@exemple.fr",
    "leader_phone": "06 12 34 56 78",
}
URL = "/projets/"


def rows(response):
    return list(response.context["listing"].rows)


@pytest.fixture
def before_committee(monkeypatch):
    """Put every project before the partners' committees (the governance issue fills this condition)."""
    monkeypatch.setattr(project_models, "committee_condition", lambda user: ~project_models.models.Q(pk=None))


def test_the_list_is_mounted_at_projets():
    assert reverse("project_list") == URL


# --- roles --------------------------------------------------------------------------------------


def test_coordinator_reads_every_project_of_the_region(client_for, coordinator, own_territory, other_territory):
    own = ProjectFactory(territory=own_territory, title="Garage solidaire", **LEADER)
    other = ProjectFactory(territory=other_territory, title="Conciergerie de quartier")
    response = client_for(coordinator).get(URL)
    assert response.status_code == 200
    assert set(rows(response)) == {own, other}
    page = text(response)
    assert "Garage solidaire" in page and "Conciergerie de quartier" in page
    assert '<h1 class="mb-0">2 projets</h1>' in page


@pytest.mark.parametrize("fixture", ["coordinator", "referent", "other_referent", "partner"])
def test_no_reader_sees_the_leaders_personal_data(client_for, request, fixture, own_territory, before_committee):
    ProjectFactory(territory=own_territory, title="Garage solidaire", **LEADER)
    response = client_for(request.getfixturevalue(fixture)).get(URL, {"perimetre": "region"})
    page = text(response)
    assert response.status_code == 200 and "Garage solidaire" in page
    for value in LEADER.values():
        assert value not in page


def test_a_referent_opens_on_their_territories_and_switches_to_the_region(
    client_for, referent, own_territory, other_territory
):
    own = ProjectFactory(territory=own_territory, title="Garage solidaire")
    other = ProjectFactory(territory=other_territory, title="Conciergerie de quartier")
    client = client_for(referent)
    response = client.get(URL)
    assert rows(response) == [own]
    assert f"Cette liste montre votre territoire{NBSP}: Beauvaisis." in text(response)
    assert set(rows(client.get(URL, {"perimetre": "region"}))) == {own, other}


def test_a_referent_of_another_territory_reads_the_region_but_creates_nothing_there(
    client_for, other_referent, own_territory, other_territory
):
    project = ProjectFactory(territory=own_territory, title="Garage solidaire")
    client = client_for(other_referent)
    assert rows(client.get(URL)) == []
    response = client.get(URL, {"perimetre": "region"})
    assert rows(response) == [project]
    # They may import or create on their own territory; the lines of others' are refused (test_projects_import).
    assert response.context["may_import"] is True


def test_partner_sees_an_empty_list_that_says_why(client_for, partner, own_territory):
    ProjectFactory(territory=own_territory, title="Garage solidaire", **LEADER)
    response = client_for(partner).get(URL)
    assert response.status_code == 200
    assert rows(response) == []
    page = text(response)
    assert "Garage solidaire" not in page
    assert "Aucun projet ne leur a encore été présenté" in page
    assert '<h1 class="mb-0">0 projet</h1>' in page
    assert reverse("project_import") not in page
    assert "Nouveau projet" not in page


def test_partner_reads_the_projects_before_their_committees(client_for, partner, own_territory, before_committee):
    project = ProjectFactory(territory=own_territory, title="Garage solidaire")
    response = client_for(partner).get(URL)
    assert rows(response) == [project]
    # Filtered but empty: the plain message, not the one about committees.
    page = text(client_for(partner).get(URL, {"q": "introuvable"}))
    assert "Aucun projet ne correspond à ces critères." in page


def test_staff_is_refused_and_anonymous_sent_to_login(client_for, staff):
    assert client_for(staff).get(URL).status_code == 403
    response = client_for(None).get(URL)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_buttons_follow_rights(client_for, referent, coordinator, partner, own_territory):
    for user in (coordinator, referent):
        page = text(client_for(user).get(URL))
        assert f'href="{reverse("project_import")}"' in page
        assert f'href="{reverse("project_create")}"' in page and "Nouveau projet" in page
        assert reverse("project_board") in page and "Tableau" in page
    page = text(client_for(partner).get(URL))
    assert reverse("project_import") not in page


def test_a_referent_without_territory_gets_no_create_button(client_for, db):
    lonely = UserFactory(role=Role.REFERENT, organisation=ActorFactory())
    response = client_for(lonely).get(URL)
    assert response.status_code == 200 and response.context["may_create"] is False


def test_a_row_shows_reference_territory_sector_stage_and_date(client_for, coordinator, own_territory):
    sector = SectorFactory(name="Mobilité douce", slug="mobilite-douce")
    project = ProjectFactory(
        territory=own_territory,
        sector=sector,
        title="Auto-école sociale",
        stage=Project.Stage.INCUBATION,
        stage_since=timezone.make_aware(datetime.datetime(2026, 2, 3, 10)),
    )
    page = text(client_for(coordinator).get(URL))
    assert project.reference in page and "Auto-école sociale" in page
    assert "Beauvaisis" in page and "Mobilité douce" in page
    assert "accompagnement à la création" in page and "03/02/2026" in page
    assert f'href="{reverse("project_detail", kwargs={"project": project.pk})}"' in page


# --- flags --------------------------------------------------------------------------------------


def test_flags_paused_abandoned_stalled_and_overdue_study(client_for, coordinator, own_territory):
    today = timezone.localdate()
    ProjectFactory(territory=own_territory, title="Projet en pause", side_state=Project.SideState.ON_HOLD)
    ProjectFactory(territory=own_territory, title="Projet abandonné", side_state=Project.SideState.ABANDONED)
    stalled = ProjectFactory(
        territory=own_territory, title="Projet oublié", next_step_due=today - datetime.timedelta(1)
    )
    study = ProjectFactory(
        territory=own_territory,
        title="Étude au long cours",
        stage=Project.Stage.OPPORTUNITY_STUDY,
        stage_since=timezone.now() - datetime.timedelta(days=400),
    )
    fresh = ProjectFactory(territory=own_territory, title="Projet actif")
    page = text(client_for(coordinator).get(URL))
    assert '<span class="badge status-badge status-on_hold">en pause</span>' in page
    assert '<span class="badge status-badge status-abandoned">abandonné</span>' in page
    assert page.count("status-stalled") == 1 and "à l’arrêt" in page
    assert page.count("status-study_overdue") == 1 and "étude de plus de 12 mois" in page
    assert stalled.is_stalled and study.is_study_overdue and not fresh.is_stalled


# --- filters ------------------------------------------------------------------------------------


def test_filter_by_territory(client_for, coordinator, own_territory, other_territory):
    own = ProjectFactory(territory=own_territory)
    ProjectFactory(territory=other_territory)
    assert rows(client_for(coordinator).get(URL, {"territoire": "beauvaisis"})) == [own]


def test_filter_by_sector(client_for, coordinator, own_territory):
    sector = SectorFactory(name="Environnement test", slug="environnement-test")
    kept = ProjectFactory(territory=own_territory, sector=sector)
    ProjectFactory(territory=own_territory)
    assert rows(client_for(coordinator).get(URL, {"filiere": "environnement-test"})) == [kept]


def test_filter_by_stage_or_side_state(client_for, coordinator, own_territory):
    incubated = ProjectFactory(territory=own_territory, stage=Project.Stage.INCUBATION)
    paused = ProjectFactory(
        territory=own_territory, stage=Project.Stage.INCUBATION, side_state=Project.SideState.ON_HOLD
    )
    abandoned = ProjectFactory(territory=own_territory, side_state=Project.SideState.ABANDONED)
    ProjectFactory(territory=own_territory)
    client = client_for(coordinator)
    # A paused project still stands at its stage, flagged in its row.
    assert set(rows(client.get(URL, {"etape": "incubation"}))) == {incubated, paused}
    assert rows(client.get(URL, {"etape": "on_hold"})) == [paused]
    assert rows(client.get(URL, {"etape": "abandoned"})) == [abandoned]


def test_filter_by_status(client_for, coordinator, own_territory):
    active = ProjectFactory(territory=own_territory, stage=Project.Stage.LEADER_SEARCH)
    paused = ProjectFactory(territory=own_territory, side_state=Project.SideState.ON_HOLD)
    abandoned = ProjectFactory(territory=own_territory, side_state=Project.SideState.ABANDONED)
    created = ProjectFactory(territory=own_territory, stage=Project.Stage.CREATED)
    client = client_for(coordinator)
    assert rows(client.get(URL, {"statut": "en-cours"})) == [active]
    assert rows(client.get(URL, {"statut": "en-pause"})) == [paused]
    assert rows(client.get(URL, {"statut": "abandonne"})) == [abandoned]
    assert rows(client.get(URL, {"statut": "cree"})) == [created]


def test_filter_stalled(client_for, coordinator, own_territory):
    today = timezone.localdate()
    overdue = ProjectFactory(territory=own_territory, next_step_due=today - datetime.timedelta(days=1))
    quiet = ProjectFactory(territory=own_territory, last_activity_on=today - datetime.timedelta(days=61))
    ProjectFactory(territory=own_territory, next_step_due=today + datetime.timedelta(days=3))
    # A paused project waits on purpose: it is not stalled.
    ProjectFactory(
        territory=own_territory,
        side_state=Project.SideState.ON_HOLD,
        last_activity_on=today - datetime.timedelta(days=200),
    )
    assert set(rows(client_for(coordinator).get(URL, {"arret": "oui"}))) == {overdue, quiet}


def test_filter_by_referent_user_and_mine(client_for, referent, coordinator, own_territory):
    colleague = UserFactory(role=Role.REFERENT, organisation=referent.organisation, first_name="Alix", last_name="Roux")
    mine = ProjectFactory(territory=own_territory)
    mine.referent_users.add(referent, colleague)
    theirs = ProjectFactory(territory=own_territory)
    theirs.referent_users.add(colleague)
    ProjectFactory(territory=own_territory)
    assert rows(client_for(referent).get(URL, {"referent": "moi"})) == [mine]
    response = client_for(coordinator).get(URL, {"referent": str(colleague.pk)})
    assert set(rows(response)) == {mine, theirs}
    assert "Alix Roux" in text(response)
    assert rows(client_for(coordinator).get(URL, {"referent": "moi"})) == []


def test_an_unknown_referent_is_refused_on_its_field(client_for, coordinator, own_territory):
    ProjectFactory(territory=own_territory)
    response = client_for(coordinator).get(URL, {"referent": "999999"})
    assert response.status_code == 200
    assert response.context["listing"].filterset.form.errors["referent"]
    assert len(rows(response)) == 1


def test_filter_by_year_of_creation(client_for, coordinator, own_territory):
    old = ProjectFactory(territory=own_territory)
    Project.objects.filter(pk=old.pk).update(created_at=timezone.make_aware(datetime.datetime(2024, 6, 1)))
    ProjectFactory(territory=own_territory)
    client = client_for(coordinator)
    assert rows(client.get(URL, {"annee": "2024"})) == [old]
    response = client.get(URL, {"annee": "0"})
    assert response.status_code == 200 and response.context["listing"].filterset.form.errors["annee"]


def test_text_searches_reference_title_and_summary(client_for, coordinator, own_territory):
    by_reference = ProjectFactory(territory=own_territory, reference="FAB-2026-0042")
    by_title = ProjectFactory(territory=own_territory, title="Épicerie partagée")
    by_summary = ProjectFactory(territory=own_territory, summary="Une laverie pour le quartier")
    client = client_for(coordinator)
    assert rows(client.get(URL, {"q": "fab-2026-0042"})) == [by_reference]
    assert rows(client.get(URL, {"q": "picerie part"})) == [by_title]
    assert rows(client.get(URL, {"q": "laverie"})) == [by_summary]


def test_filters_combine(client_for, coordinator, own_territory, other_territory):
    kept = ProjectFactory(territory=own_territory, stage=Project.Stage.INCUBATION, title="Ressourcerie")
    ProjectFactory(territory=other_territory, stage=Project.Stage.INCUBATION, title="Ressourcerie")
    ProjectFactory(territory=own_territory, stage=Project.Stage.DETECTED, title="Ressourcerie")
    query = {"territoire": "beauvaisis", "etape": "incubation", "statut": "en-cours", "q": "ressource"}
    assert rows(client_for(coordinator).get(URL, query)) == [kept]


@pytest.mark.parametrize(
    "query",
    [{"etape": "inconnue"}, {"statut": "x"}, {"arret": "peut-etre"}, {"annee": "abc"}, {"tri": "budget"}],
)
def test_odd_values_are_ignored_with_a_message(client_for, coordinator, own_territory, query):
    ProjectFactory(territory=own_territory)
    response = client_for(coordinator).get(URL, query)
    assert response.status_code == 200
    assert len(rows(response)) == 1


# --- sorting ------------------------------------------------------------------------------------


def test_default_order_is_newest_first(client_for, coordinator, own_territory):
    first = ProjectFactory(territory=own_territory)
    second = ProjectFactory(territory=own_territory)
    Project.objects.filter(pk=first.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    assert rows(client_for(coordinator).get(URL)) == [second, first]


def test_sorting_by_reference_title_stage_stage_date_and_creation(client_for, coordinator, own_territory):
    now = timezone.now()
    a = ProjectFactory(
        territory=own_territory,
        reference="FAB-2026-0002",
        title="Zèbre",
        stage=Project.Stage.CREATED,
        stage_since=now - datetime.timedelta(days=1),
    )
    b = ProjectFactory(
        territory=own_territory,
        reference="FAB-2026-0001",
        title="Atelier",
        stage=Project.Stage.OPPORTUNITY_STUDY,
        stage_since=now - datetime.timedelta(days=30),
    )
    c = ProjectFactory(
        territory=own_territory,
        reference="FAB-2026-0003",
        title="Marché",
        stage=Project.Stage.DETECTED,
        stage_since=now - datetime.timedelta(days=10),
    )
    Project.objects.filter(pk=c.pk).update(created_at=now - datetime.timedelta(days=5))
    client = client_for(coordinator)
    assert rows(client.get(URL, {"tri": "reference"})) == [b, a, c]
    assert rows(client.get(URL, {"tri": "intitule"})) == [b, c, a]
    assert rows(client.get(URL, {"tri": "-intitule"})) == [a, c, b]
    # By stage: the pipeline's order, not the alphabet of the codes.
    assert rows(client.get(URL, {"tri": "etape"})) == [c, b, a]
    assert rows(client.get(URL, {"tri": "-etape"})) == [a, b, c]
    assert rows(client.get(URL, {"tri": "date-etape"})) == [b, c, a]
    assert rows(client.get(URL, {"tri": "date"})) == [c, a, b]


# --- query budget -------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("fixture", ["coordinator", "referent"])
def test_list_query_budget_does_not_grow(
    client_for, request, fixture, own_territory, django_assert_max_num_queries, count
):
    territories = [own_territory, EngagedTerritoryFactory(), EngagedTerritoryFactory()]
    for index in range(count):
        project = ProjectFactory(territory=territories[index % 3], sector=SectorFactory())
        project.referent_users.add(request.getfixturevalue("referent"))
    client = client_for(request.getfixturevalue(fixture))
    with django_assert_max_num_queries(9):
        response = client.get(URL, {"perimetre": "region", "arret": "oui", "referent": "moi", "tri": "etape"})
    assert response.status_code == 200
    with django_assert_max_num_queries(9):
        response = client.get(URL, {"perimetre": "region"})
    assert response.status_code == 200 and len(rows(response)) == min(count, 50)
