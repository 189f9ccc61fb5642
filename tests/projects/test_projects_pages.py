"""A project's pages per role: detail (and what it must not show), create, edit, history, the social-innovation grid."""

import pytest
from django.urls import reverse

from projects.models import Project, ProjectCriterionScore, SocialInnovationCriterion
from projects.services.projects import project_create, project_update

from ..helpers import text
from ..territories.factories import ActorFactory, NeedFactory, OpportunityFactory
from .factories import FundingLineFactory, JournalEntryFactory, ProjectDocumentFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LEADER_NAME = "Dominique Porteuse"
LEADER_EMAIL = "dominique.porteuse@exemple.fr"
LEADER_PHONE = "06 12 34 56 78"
HIDDEN = "Coordonnées réservées à la coordination et aux référents du territoire"


@pytest.fixture
def led_project(own_territory):
    return ProjectFactory(
        territory=own_territory,
        title="Garage solidaire",
        leader_name=LEADER_NAME,
        leader_email=LEADER_EMAIL,
        leader_phone=LEADER_PHONE,
    )


def detail(project):
    return reverse("project_detail", kwargs={"project": project.pk})


# --- detail ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "referent"])
def test_coordinator_and_territory_referent_read_the_leader(client_for, request, led_project, role):
    response = client_for(request.getfixturevalue(role)).get(detail(led_project))
    page = text(response)
    assert response.status_code == 200
    assert LEADER_NAME in page and LEADER_EMAIL in page and LEADER_PHONE in page
    assert HIDDEN not in page


def test_referent_of_another_territory_reads_the_summary_without_the_leader(client_for, other_referent, led_project):
    JournalEntryFactory(project=led_project, text="Note interne confidentielle.", is_internal=True)
    JournalEntryFactory(project=led_project, text="Note partagée avec le comité.", is_internal=False)
    response = client_for(other_referent).get(detail(led_project))
    page = text(response)
    assert response.status_code == 200
    assert "Garage solidaire" in page and led_project.summary in page
    assert LEADER_NAME not in page and LEADER_EMAIL not in page and LEADER_PHONE not in page
    assert HIDDEN in page
    assert "Note interne confidentielle." not in page and "Note partagée avec le comité." in page
    # Reads, but cannot edit nor move it: no button to.
    assert reverse("project_edit", kwargs={"project": led_project.pk}) not in page
    assert reverse("project_move", kwargs={"project": led_project.pk}) not in page


def test_partner_reads_no_project_yet_and_staff_is_refused(client_for, partner, staff, led_project):
    assert client_for(partner).get(detail(led_project)).status_code == 404
    assert client_for(staff).get(detail(led_project)).status_code == 403


def test_anonymous_is_sent_to_login(client_for, led_project):
    response = client_for(None).get(detail(led_project))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_detail_shows_stage_path_links_and_buttons(client_for, referent, own_territory):
    need = NeedFactory(territory=own_territory, title="Mobilité des aînés")
    opportunity = OpportunityFactory(territory=own_territory, title="Transport solidaire")
    project = ProjectFactory(territory=own_territory, opportunity=opportunity, stage="leader_search")
    project.needs.add(need)
    page = text(client_for(referent).get(detail(project)))
    assert 'aria-current="step"' in page and "recherche de porteur" in page
    assert reverse("need_detail", kwargs={"need": need.pk}) in page
    assert reverse("opportunity_detail", kwargs={"opportunity": opportunity.pk}) in page
    for name in ("project_edit", "project_move", "project_history", "project_scores"):
        assert reverse(name, kwargs={"project": project.pk}) in page


def test_a_created_project_offers_no_stage_change(client_for, coordinator, own_territory):
    project = ProjectFactory(territory=own_territory, stage="created", siret="", creation_date=None)
    page = text(client_for(coordinator).get(detail(project)))
    assert reverse("project_move", kwargs={"project": project.pk}) not in page


@pytest.mark.parametrize("rows", [3, 30])
def test_detail_query_budget_does_not_grow(client_for, coordinator, own_territory, django_assert_max_num_queries, rows):
    project = ProjectFactory(territory=own_territory, leader_structure=ActorFactory())
    project.needs.add(*NeedFactory.create_batch(rows, territory=own_territory))
    JournalEntryFactory.create_batch(rows, project=project, by=coordinator)
    FundingLineFactory.create_batch(rows, project=project)
    ProjectDocumentFactory.create_batch(rows, project=project, uploaded_by=coordinator)
    client = client_for(coordinator)
    with django_assert_max_num_queries(25):
        response = client.get(detail(project))
    assert response.status_code == 200


# --- create ------------------------------------------------------------------------------------------


def test_referent_creates_a_project_on_their_preselected_territory(client_for, referent, own_territory):
    client = client_for(referent)
    page = client.get(reverse("project_create"))
    assert page.context["form"].initial["territory"] == own_territory
    response = client.post(
        reverse("project_create"),
        {"territory": own_territory.pk, "title": "Épicerie partagée", "origin": "diagnosis", "jobs_planned_fte": "2,5"},
    )
    project = Project.objects.get(title="Épicerie partagée")
    assert response.status_code == 302 and response["Location"] == detail(project)
    assert project.stage == Project.Stage.DETECTED and project.reference.startswith("FAB-")
    assert project.stage_changes.count() == 1 and str(project.jobs_planned_fte) == "2.5"


def test_referent_cannot_create_on_another_territory(client_for, referent, own_territory, other_territory):
    response = client_for(referent).post(
        reverse("project_create"), {"territory": other_territory.pk, "title": "Ailleurs", "origin": "diagnosis"}
    )
    assert response.status_code == 200
    assert "choisissez l’un des vôtres" in text(response)
    assert not Project.objects.exists()


def test_empty_create_says_what_is_missing_and_saves_nothing(client_for, coordinator, own_territory):
    response = client_for(coordinator).post(reverse("project_create"), {})
    page = text(response)
    assert response.status_code == 200
    assert "<title>Erreur" in page and "Ce champ est obligatoire" in page
    assert not Project.objects.exists()


def test_leader_is_a_person_or_a_structure_not_both(client_for, coordinator, own_territory):
    response = client_for(coordinator).post(
        reverse("project_create"),
        {
            "territory": own_territory.pk,
            "title": "Double porteur",
            "origin": "diagnosis",
            "leader_name": LEADER_NAME,
            "leader_structure": ActorFactory().pk,
            "jobs_planned_fte": "0",
            "jobs_created_fte": "0",
        },
    )
    assert response.status_code == 200
    assert "pas les deux" in text(response)
    assert response.context["form"].errors["leader_structure"]
    assert not Project.objects.exists()


def test_negative_numbers_and_a_bad_siret_are_refused(client_for, coordinator, own_territory):
    response = client_for(coordinator).post(
        reverse("project_create"),
        {
            "territory": own_territory.pk,
            "title": "Chiffres",
            "origin": "diagnosis",
            "jobs_planned_fte": "-1",
            "budget": "-5",
            "siret": "12345678901234",
        },
    )
    errors = response.context["form"].errors
    assert "ne peut pas être négative" in " ".join(errors["jobs_planned_fte"])
    assert errors["budget"] and errors["siret"]
    assert not Project.objects.exists()


def test_nul_in_a_title_is_refused(client_for, coordinator, own_territory):
    response = client_for(coordinator).post(
        reverse("project_create"), {"territory": own_territory.pk, "title": "A\x00B", "origin": "diagnosis"}
    )
    assert "caractère nul" in text(response)
    assert not Project.objects.exists()


@pytest.mark.parametrize("role", ["partner", "staff"])
def test_create_is_refused_to_partners_and_staff(client_for, request, role):
    assert client_for(request.getfixturevalue(role)).get(reverse("project_create")).status_code == 403


# --- edit --------------------------------------------------------------------------------------------


def edit_data(project, **changes):
    data = {
        "title": project.title,
        "origin": project.origin,
        "summary": project.summary,
        "jobs_planned_fte": "0",
        "jobs_created_fte": "0",
        "version": project.version,
    }
    data.update(changes)
    return data


def test_referent_edits_their_project(client_for, referent, led_project):
    url = reverse("project_edit", kwargs={"project": led_project.pk})
    response = client_for(referent).post(url, edit_data(led_project, title="Garage solidaire du Beauvaisis"))
    assert response.status_code == 302
    led_project.refresh_from_db()
    assert led_project.title == "Garage solidaire du Beauvaisis" and led_project.version == 2


def test_referent_of_another_territory_cannot_edit(client_for, other_referent, led_project):
    url = reverse("project_edit", kwargs={"project": led_project.pk})
    client = client_for(other_referent)
    assert client.get(url).status_code == 403
    assert client.post(url, edit_data(led_project, title="Pris")).status_code == 403
    led_project.refresh_from_db()
    assert led_project.title == "Garage solidaire"


def test_a_concurrent_edit_is_refused_and_the_typed_text_kept(client_for, coordinator, referent, led_project):
    url = reverse("project_edit", kwargs={"project": led_project.pk})
    opened_on = led_project.version
    # Someone else saves first.
    project_update(project=led_project, by=coordinator, expected_version=opened_on, title="Garage de la mairie")
    response = client_for(referent).post(url, edit_data(led_project, title="Mon titre", version=opened_on))
    page = text(response)
    assert response.status_code == 200
    assert "modifiée par quelqu’un d’autre" in page
    assert 'value="Mon titre"' in page  # nothing lost: the form shows what was typed
    led_project.refresh_from_db()
    assert led_project.title == "Garage de la mairie"


def test_edit_keeps_the_territory_and_offers_only_its_reviewed_needs(client_for, referent, own_territory, led_project):
    reviewed = NeedFactory(territory=own_territory, title="Besoin examiné", status="qualified")
    NeedFactory(territory=own_territory, title="Idée à examiner", status="to_review")
    NeedFactory(territory=own_territory, title="Idée non retenue", status="declined")
    other = NeedFactory(title="Besoin d’ailleurs")
    page = text(client_for(referent).get(reverse("project_edit", kwargs={"project": led_project.pk})))
    assert "Besoin examiné" in page
    assert "Idée à examiner" not in page and "Idée non retenue" not in page and "Besoin d’ailleurs" not in page
    response = client_for(referent).post(
        reverse("project_edit", kwargs={"project": led_project.pk}), edit_data(led_project, needs=[other.pk])
    )
    assert response.status_code == 200 and response.context["form"].errors["needs"]
    response = client_for(referent).post(
        reverse("project_edit", kwargs={"project": led_project.pk}), edit_data(led_project, needs=[reviewed.pk])
    )
    assert response.status_code == 302
    assert list(led_project.needs.all()) == [reviewed]


def test_opportunity_must_be_of_the_territory(client_for, coordinator, led_project):
    foreign = OpportunityFactory()
    response = client_for(coordinator).post(
        reverse("project_edit", kwargs={"project": led_project.pk}), edit_data(led_project, opportunity=foreign.pk)
    )
    assert response.status_code == 200 and response.context["form"].errors["opportunity"]


def test_choosing_an_opportunity_puts_it_in_project(client_for, referent, own_territory, led_project):
    opportunity = OpportunityFactory(territory=own_territory)
    response = client_for(referent).post(
        reverse("project_edit", kwargs={"project": led_project.pk}), edit_data(led_project, opportunity=opportunity.pk)
    )
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.status == "in_project"


# --- history -----------------------------------------------------------------------------------------


def test_history_shows_changes_and_masks_the_leader_for_others(client_for, coordinator, other_referent, own_territory):
    project = project_create(by=coordinator, territory=own_territory, title="Conciergerie", origin="diagnosis")
    project_update(
        project=project, by=coordinator, expected_version=1, leader_name=LEADER_NAME, title="Conciergerie solidaire"
    )
    url = reverse("project_history", kwargs={"project": project.pk})
    page = text(client_for(coordinator).get(url))
    assert LEADER_NAME in page and "Conciergerie solidaire" in page and "idée détectée" in page
    response = client_for(other_referent).get(url)
    page = text(response)
    assert response.status_code == 200
    assert LEADER_NAME not in page and "(masqué)" in page and "Conciergerie solidaire" in page


def test_history_is_refused_to_partners(client_for, partner, led_project):
    assert client_for(partner).get(reverse("project_history", kwargs={"project": led_project.pk})).status_code == 404


# --- social-innovation grid --------------------------------------------------------------------------


def grid_url(project):
    return reverse("project_scores", kwargs={"project": project.pk})


def test_referent_scores_the_grid(client_for, referent, led_project):
    criteria = list(SocialInnovationCriterion.objects.filter(active=True))
    assert criteria, "the migration seeds the five criteria"
    data = {f"score_{criteria[0].pk}": "3", f"comment_{criteria[0].pk}": "Répond au besoin du diagnostic."}
    data[f"score_{criteria[1].pk}"] = "1"
    response = client_for(referent).post(grid_url(led_project), data)
    assert response.status_code == 302
    scores = {score.criterion_id: score for score in ProjectCriterionScore.objects.filter(project=led_project)}
    assert scores[criteria[0].pk].score == 3 and scores[criteria[0].pk].comment == "Répond au besoin du diagnostic."
    assert scores[criteria[1].pk].score == 1 and len(scores) == 2
    page = text(client_for(referent).get(detail(led_project)))
    assert "Répond au besoin du diagnostic." in page


def test_a_bad_score_saves_nothing(client_for, referent, led_project):
    criteria = list(SocialInnovationCriterion.objects.filter(active=True))
    data = {f"score_{criteria[0].pk}": "3", f"score_{criteria[1].pk}": "7"}
    response = client_for(referent).post(grid_url(led_project), data)
    assert response.status_code == 200 and "Choisissez une note de 0 à 3" in text(response)
    assert not ProjectCriterionScore.objects.exists()


def test_a_given_score_cannot_be_emptied(client_for, referent, led_project):
    criterion = SocialInnovationCriterion.objects.filter(active=True).first()
    ProjectCriterionScore.objects.create(project=led_project, criterion=criterion, score=2)
    response = client_for(referent).post(grid_url(led_project), {f"score_{criterion.pk}": ""})
    assert response.status_code == 200 and "ne s’efface pas" in text(response)
    assert ProjectCriterionScore.objects.get().score == 2


def test_grid_is_refused_to_another_territorys_referent(client_for, other_referent, led_project):
    criterion = SocialInnovationCriterion.objects.filter(active=True).first()
    client = client_for(other_referent)
    assert client.get(grid_url(led_project)).status_code == 403
    assert client.post(grid_url(led_project), {f"score_{criterion.pk}": "3"}).status_code == 403
    assert not ProjectCriterionScore.objects.exists()
