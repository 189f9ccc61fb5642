"""What each role's home shows, and what it must never show: a referent's work first (ideas to review, needs
without an opportunity, readiness, the buttons to record), a coordinator's territories with their counts, a
partner's links, the public's call for ideas; and no "not available" block anywhere."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import aggregates
from core.roles import Role
from projects.models import Project
from territories.models import Need, Prerequisite

from ..helpers import text
from ..projects.factories import ProjectFactory
from ..territories.factories import (
    EngagedTerritoryFactory,
    NeedFactory,
    OpportunityFactory,
    ReadinessAssessmentFactory,
)
from .factories import InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db

PENDING = "Pas encore disponible"


def assess(territory, scores):
    """Latest scores of the territory's prerequisites, by prerequisite number, each over an older assessment of
    the opposite verdict: only the latest counts."""
    for prerequisite, score in scores.items():
        older = 0 if score >= 2 else 3
        ReadinessAssessmentFactory(
            territory=territory,
            prerequisite=prerequisite,
            score=older,
            assessed_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
        )
        ReadinessAssessmentFactory(territory=territory, prerequisite=prerequisite, score=score)


def idea(territory, title):
    return NeedFactory(territory=territory, title=title, status=Need.Status.TO_REVIEW, source="call_for_ideas")


# --- Referent --------------------------------------------------------------------------------------


def test_referent_home_puts_ideas_to_review_of_their_territories_first(
    client, referent, own_territory, other_territory
):
    mine = idea(own_territory, "Idée du Beauvaisis")
    idea(other_territory, "Idée d’Amiens")
    client.force_login(referent)
    page = text(client.get(reverse("home")))
    assert "Idées citoyennes à examiner" in page
    assert "Idée du Beauvaisis" in page and reverse("need_detail", args=[mine.pk]) in page
    assert "Idée d’Amiens" not in page
    assert "idée de l’appel à idées attend votre examen" in page  # singular for one
    assert page.index("Idées citoyennes à examiner") < page.index("Mes territoires")


def test_referent_home_is_kept_until_a_row_it_shows_changes(client, referent, own_territory):
    client.force_login(referent)
    assert "Idée arrivée après" not in text(client.get(reverse("home")))  # now kept in the cache

    idea(own_territory, "Idée arrivée après")
    assert "Idée arrivée après" in text(client.get(reverse("home")))

    own_territory.name = "Beauvaisis renommé"
    own_territory.save()
    assert "Beauvaisis renommé" in text(client.get(reverse("home")))


def test_two_referents_of_one_organisation_share_the_blocks_not_the_greeting(client, referent, own_territory):
    colleague = UserFactory(role=Role.REFERENT, organisation=referent.organisation, first_name="Zoé")
    idea(own_territory, "Idée partagée")
    client.force_login(referent)
    client.get(reverse("home"))
    client.force_login(colleague)
    page = text(client.get(reverse("home")))
    assert "Bonjour Zoé" in page and "Idée partagée" in page


def test_referent_home_lists_needs_without_opportunity(client, referent, own_territory, other_territory):
    waiting = NeedFactory(territory=own_territory, title="Garde d’enfants en horaires décalés", status="qualified")
    answered = NeedFactory(territory=own_territory, title="Besoin déjà visé")
    OpportunityFactory(territory=own_territory).needs.add(answered)
    NeedFactory(territory=own_territory, title="Besoin abandonné", status="dropped")
    NeedFactory(territory=other_territory, title="Besoin d’un autre territoire")
    client.force_login(referent)
    page = text(client.get(reverse("home")))
    assert "Garde d’enfants en horaires décalés" in page and reverse("need_detail", args=[waiting.pk]) in page
    for absent in ("Besoin déjà visé", "Besoin abandonné", "Besoin d’un autre territoire"):
        assert absent not in page


def test_referent_home_empty_blocks_say_what_they_will_hold(client, referent, own_territory):
    client.force_login(referent)
    page = text(client.get(reverse("home")))
    assert (
        "Aucune idée à examiner\u00a0: les idées déposées sur l’appel à idées de vos territoires arriveront ici."
        in page
    )
    assert "Aucun besoin en attente" in page
    assert PENDING not in page


def test_referent_home_shows_readiness_of_each_territory(client, referent, own_territory):
    ready = EngagedTerritoryFactory(name="Territoire prêt", referent_actor=referent.organisation)
    assess(ready, {value: 2 for value in Prerequisite.values})
    assess(own_territory, {1: 3, 2: 2, 3: 1, 5: 2})  # 3 is fragile, 4 never assessed
    client.force_login(referent)
    response = client.get(reverse("home"))
    rows = {territory.name: territory for territory in response.context["territories"].rows}
    assert rows["Territoire prêt"].readiness.is_ready
    missing = [state.prerequisite for state in rows["Beauvaisis"].readiness.missing]
    assert missing == [3, 4]
    page = text(response)
    assert "Prêt\u00a0: 5 prérequis sur 5" in page and "2 prérequis manquants" in page
    assert str(Prerequisite(3).label) in page and str(Prerequisite(4).label) in page


def test_referent_with_one_territory_gets_it_preselected_on_the_buttons(client, referent, own_territory):
    client.force_login(referent)
    page = text(client.get(reverse("home")))
    for name in ("need_create", "opportunity_create", "event_create"):
        assert f"{reverse(name)}?territoire=beauvaisis" in page


def test_referent_with_two_territories_chooses_in_the_form(client, referent, own_territory):
    EngagedTerritoryFactory(referent_actor=referent.organisation)
    client.force_login(referent)
    page = text(client.get(reverse("home")))
    assert f'href="{reverse("need_create")}"' in page and "?territoire=" not in page.split("Mes territoires")[0]


def test_referent_keeps_inviting_colleagues(client, referent, own_territory):
    InvitationFactory(organisation=referent.organisation, role=Role.REFERENT)
    InvitationFactory()  # another organisation's
    client.force_login(referent)
    page = text(client.get(reverse("home")))
    assert "1 invitation en attente." in page and "Inviter un·e collègue" in page


# --- Coordinator -----------------------------------------------------------------------------------


def test_coordinator_home_puts_ideas_and_invitations_above_the_dashboard(
    client, coordinator, own_territory, other_territory
):
    NeedFactory.create_batch(3, territory=own_territory)
    idea(own_territory, "Idée 1")
    idea(other_territory, "Idée 2")
    InvitationFactory(organisation=own_territory.referent_actor, role=Role.REFERENT)
    client.force_login(coordinator)
    response = client.get(reverse("home"))
    assert response.context["ideas_to_review"] == 2 and response.context["pending_invitations"] == 1
    page = text(response)
    assert f"{reverse('need_list')}?statut=to_review" in page
    assert "idées de l’appel à idées attendent un examen" in page
    assert "Idée 1" not in page  # counts, not the ideas themselves
    assert page.index("Idées citoyennes à examiner") < page.index("Chiffres clés")
    assert PENDING not in page


def test_coordinator_home_without_territory(client, coordinator):
    InvitationFactory()
    client.force_login(coordinator)
    page = text(client.get(reverse("home")))
    assert "Chiffres clés" in page and "Tous les territoires" in page
    assert "1 invitation en attente." in page and "Aucune idée à examiner" in page


# --- Partner and staff -----------------------------------------------------------------------------


def test_partner_home_links_to_what_they_read_and_no_idea(client, partner, territory):
    idea(territory, "Idée confidentielle")
    client.force_login(partner)
    page = text(client.get(reverse("home")))
    for name in ("territory_list", "need_list", "opportunity_list", "event_list", "actor_list"):
        assert f'href="{reverse(name)}"' in page
    assert "Idée confidentielle" not in page and "à examiner" not in page
    assert reverse("invitation_create") not in page and PENDING not in page


def test_staff_home_opens_the_admin(client, staff):
    client.force_login(staff)
    page = text(client.get(reverse("home")))
    assert reverse("admin:index") in page and PENDING not in page


# --- Public ----------------------------------------------------------------------------------------


def test_public_home_explains_and_lists_calls_for_ideas(client, territory):
    EngagedTerritoryFactory(name="Territoire candidat", status="candidate")
    page = text(client.get(reverse("home")))
    assert "fait naître des entreprises de l’économie sociale et solidaire" in page
    assert "acteur référent" in page and "comité de pilotage" in page
    assert reverse("call_for_ideas", args=[territory.slug]) in page and territory.name in page
    assert "Territoire candidat" not in page
    assert page.count("Se connecter") == 1 and PENDING not in page


def test_public_home_without_active_territory(client):
    page = text(client.get(reverse("home")))
    assert "Les appels à idées des territoires actifs s’afficheront ici." in page


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.REFERENT, Role.PARTNER, Role.STAFF])
def test_no_home_has_a_not_available_block(client, role):
    client.force_login(UserFactory(role=role))
    page = text(client.get(reverse("home")))
    assert PENDING not in page and "pas encore disponible" not in page.lower()


# --- Projects on the homes -------------------------------------------------------------------------


def test_referent_home_lists_projects_that_need_them(client, referent, own_territory, other_territory):
    today = datetime.date.today()
    overdue = ProjectFactory(
        territory=own_territory, title="Garage en retard", next_step_due=today - datetime.timedelta(days=3)
    )
    soon = ProjectFactory(territory=own_territory, title="Conciergerie de la semaine", next_step_due=today)
    quiet = ProjectFactory(
        territory=own_territory, title="Épicerie silencieuse", last_activity_on=today - datetime.timedelta(days=90)
    )
    ProjectFactory(territory=own_territory, title="Projet à jour", next_step_due=today + datetime.timedelta(days=30))
    ProjectFactory(territory=own_territory, title="Projet en pause", side_state="on_hold", next_step_due=today)
    ProjectFactory(territory=other_territory, title="Projet d’ailleurs", next_step_due=today)
    client.force_login(referent)
    response = client.get(reverse("home"))
    assert [p.title for p in response.context["attention"].rows] == [
        "Garage en retard",
        "Conciergerie de la semaine",
        "Épicerie silencieuse",
    ]
    assert [p.attention for p in response.context["attention"].rows] == ["overdue", "this_week", "quiet"]
    page = text(response)
    for project in (overdue, soon, quiet):
        assert reverse("project_detail", kwargs={"project": project.pk}) in page
    assert "échéance dépassée" in page and "échéance cette semaine" in page and "sans activité depuis le" in page
    for absent in ("Projet à jour", "Projet en pause", "Projet d’ailleurs"):
        assert absent not in page
    assert "projets de vos territoires ont une échéance dépassée ou proche" in page
    assert f"{reverse('project_list')}?arret=oui" in page
    assert page.index("Projets qui vous attendent") < page.index("Idées citoyennes à examiner")


def test_referent_home_without_waiting_project_says_what_will_show(client, referent, own_territory):
    client.force_login(referent)
    page = text(client.get(reverse("home")))
    assert "Aucun projet en attente\u00a0:" in page and "Les projets de vos territoires s’afficheront ici" not in page


def pipeline_cells(response, territory_name):
    pipeline = response.context["pipeline"]
    keys = [key for key, _label in pipeline["columns"]]
    row = next(row for row in pipeline["rows"] if row.territory.name == territory_name)
    return {key: (cell.count, cell.url) for key, cell in zip(keys, row.cells, strict=True)}


def test_referent_home_counts_projects_per_stage_with_links(client, referent, own_territory, other_territory):
    ProjectFactory.create_batch(2, territory=own_territory)
    ProjectFactory(territory=own_territory, stage="incubation", side_state="on_hold")
    ProjectFactory(territory=own_territory, stage="incubation", last_activity_on=datetime.date(2020, 1, 1))
    ProjectFactory(territory=other_territory)
    client.force_login(referent)
    response = client.get(reverse("home"))
    cells = pipeline_cells(response, "Beauvaisis")
    base = reverse("project_list")
    assert cells["detected"] == (2, f"{base}?territoire=beauvaisis&etape=detected")
    assert cells["incubation"] == (2, f"{base}?territoire=beauvaisis&etape=incubation")
    assert cells["on_hold"] == (1, f"{base}?territoire=beauvaisis&etape=on_hold")
    assert cells["stalled"] == (1, f"{base}?territoire=beauvaisis&arret=oui")
    assert cells["created"] == (0, None)  # nothing to open
    assert [row.territory.name for row in response.context["pipeline"]["rows"]] == ["Beauvaisis"]
    assert response.context["pipeline"]["total"] is None  # one territory: no total row
    page = text(response)
    assert "Projets de mes territoires" in page and f"{base}?territoire=beauvaisis&etape=detected" in page


def test_coordinator_home_has_the_funnel_of_the_region(client, coordinator, own_territory, other_territory):
    ProjectFactory(territory=own_territory, stage="leader_search")
    ProjectFactory(territory=other_territory, stage="leader_search")
    client.force_login(coordinator)
    response = client.get(reverse("home"))
    assert "attention" not in response.context and "pipeline" not in response.context
    assert "recherche de porteur\u00a0: Projets 2" in text(response)


def test_partner_home_has_no_project_counts(client, partner, territory):
    ProjectFactory(territory=territory, title="Projet confidentiel")
    client.force_login(partner)
    response = client.get(reverse("home"))
    assert "pipeline" not in response.context and "Projet confidentiel" not in text(response)


def test_home_project_queries_do_not_grow(client, referent, django_assert_max_num_queries):
    # The coordinator's home is the dashboard, measured in tests/fabrique/test_dashboard_speed.py.
    user = referent
    territory = EngagedTerritoryFactory(referent_actor=user.organisation)
    today = datetime.date.today()
    client.force_login(user)

    def add(count):
        for index in range(count):
            ProjectFactory(territory=territory, stage=Project.Stage.values[index % 6], next_step_due=today)

    add(3)
    client.get(reverse("home"))  # warm-up
    aggregates.forget_all()  # both measured with a cold cache of the pipeline counts
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    add(30)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("home"))
    assert sum(cell.count for cell in response.context["pipeline"]["rows"][0].cells[:6]) == 33
