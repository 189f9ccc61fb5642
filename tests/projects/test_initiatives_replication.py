"""Replicating an inspiring initiative (« essaimage »): a referent starts a project of their territory, linked
to the initiative and to the need it answers; refused elsewhere, for a draft, and for partners."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.roles import Role
from projects.models import Initiative, Project, StageChange
from projects.services.initiatives import initiative_replicate

from ..fabrique.factories import UserFactory
from ..helpers import text
from ..territories.factories import NeedFactory, OpportunityFactory, SectorFactory
from .factories import InitiativeFactory


@pytest.fixture
def initiative(db):
    return InitiativeFactory(
        title="Garage solidaire de Die",
        summary="Un garage associatif qui répare les voitures des personnes en insertion.",
        sector=SectorFactory(name="Mobilité test", slug="mobilite-test"),
        target_public=Initiative.TargetPublic.JOB_SEEKERS,
        legal_form="SCIC",
    )


@pytest.fixture
def need(own_territory):
    return NeedFactory(territory=own_territory, title="Se déplacer pour travailler")


def replicate_url(initiative):
    return reverse("initiative_replicate", kwargs={"initiative": initiative.pk})


def test_a_referent_replicates_on_their_territory(client_for, referent, own_territory, initiative, need):
    client = client_for(referent)
    response = client.post(replicate_url(initiative), {"territory": own_territory.pk, "need": need.pk, "title": ""})
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "project_detail", kwargs={"project": project.pk}
    )
    assert project.origin == Project.Origin.REPLICATION and project.initiative == initiative
    assert project.territory == own_territory and list(project.needs.all()) == [need]
    assert project.stage == Project.Stage.DETECTED
    assert list(StageChange.objects.filter(project=project).values_list("to_stage", flat=True)) == ["detected"]
    assert project.title == "Garage solidaire de Die — Beauvaisis"
    assert project.sector == initiative.sector and project.summary == initiative.summary
    assert project.target_public == "personnes éloignées de l’emploi" and project.target_legal_form == "SCIC"
    assert project.recorded_by == referent
    page = text(client.get(response["Location"]))
    assert "essaimage d’une initiative" in page and "Garage solidaire de Die — Beauvaisis" in page
    # The initiative's page now lists the territory and the stage.
    detail = text(client.get(reverse("initiative_detail", kwargs={"initiative": initiative.pk})))
    assert "Beauvaisis" in detail and "idée détectée" in detail


def test_the_form_opens_with_the_need_of_the_query_and_its_territory(
    client_for, referent, own_territory, other_territory, initiative, need
):
    response = client_for(referent).get(replicate_url(initiative), {"besoin": need.pk})
    form = response.context["form"]
    assert form.initial["territory"] == own_territory.pk and form.initial["need"] == need.pk
    assert form.initial["title"] == "Garage solidaire de Die — Beauvaisis"
    # Only the referent's territories, and the needs of those, are offered.
    assert list(form.fields["territory"].queryset) == [own_territory]
    foreign = NeedFactory(territory=other_territory)
    assert foreign not in form.fields["need"].queryset.all()


def test_an_opportunity_of_the_query_is_carried_through(client_for, referent, own_territory, initiative, need):
    opportunity = OpportunityFactory(territory=own_territory, title="Atelier de réparation")
    opportunity.needs.add(need)
    client = client_for(referent)
    form = client.get(replicate_url(initiative), {"opportunite": opportunity.pk}).context["form"]
    assert form.initial["opportunity"] == opportunity.pk and form.initial["territory"] == own_territory.pk
    data = {"territory": own_territory.pk, "need": need.pk, "opportunity": opportunity.pk, "title": "Mon garage"}
    assert client.post(replicate_url(initiative), data).status_code == 302
    project = Project.objects.get()
    assert project.opportunity == opportunity and project.title == "Mon garage"
    opportunity.refresh_from_db()
    assert opportunity.status == "in_project"


def test_refused_on_another_territory(client_for, referent, own_territory, other_territory, initiative):
    response = client_for(referent).post(replicate_url(initiative), {"territory": other_territory.pk})
    assert response.status_code == 200
    assert "Vous ne pouvez pas essaimer sur ce territoire\u00a0: choisissez l’un des vôtres." in text(response)
    assert not Project.objects.exists()


def test_refused_with_a_need_of_another_territory(client_for, referent, own_territory, other_territory, initiative):
    foreign = NeedFactory(territory=other_territory, title="Besoin d’ailleurs")
    response = client_for(referent).post(replicate_url(initiative), {"territory": own_territory.pk, "need": foreign.pk})
    assert response.status_code == 200 and response.context["form"].errors["need"]
    assert "Ce besoin n’est pas l’un des besoins examinés de vos territoires." in text(response)
    assert not Project.objects.exists()


def test_the_service_refuses_a_need_of_another_territory_in_french(
    coordinator, own_territory, other_territory, initiative
):
    foreign = NeedFactory(territory=other_territory, title="Besoin d’ailleurs")
    with pytest.raises(ValidationError) as error:
        initiative_replicate(initiative=initiative, by=coordinator, territory=own_territory, need=foreign)
    assert error.value.message_dict["need"] == [
        "Le besoin «\u00a0Besoin d’ailleurs\u00a0» n’est pas un besoin du territoire «\u00a0Beauvaisis\u00a0»."
    ]
    assert not Project.objects.exists()


def test_the_service_refuses_another_territory_and_a_draft(referent, own_territory, other_territory, initiative):
    with pytest.raises(ValidationError) as error:
        initiative_replicate(initiative=initiative, by=referent, territory=other_territory)
    assert "territory" in error.value.message_dict
    draft = InitiativeFactory(status="draft")
    with pytest.raises(ValidationError) as error:
        initiative_replicate(initiative=draft, by=referent, territory=own_territory)
    assert "brouillon" in str(error.value)
    assert not Project.objects.exists()


def test_a_draft_cannot_be_replicated_even_by_a_coordinator(client_for, coordinator, own_territory):
    draft = InitiativeFactory(status="draft")
    response = client_for(coordinator).post(replicate_url(draft), {"territory": own_territory.pk})
    assert response.status_code == 403
    assert not Project.objects.exists()


def test_a_partner_cannot_replicate(client_for, partner, own_territory, initiative):
    client = client_for(partner)
    assert client.get(replicate_url(initiative)).status_code == 403
    assert client.post(replicate_url(initiative), {"territory": own_territory.pk}).status_code == 403
    with pytest.raises(PermissionDenied):
        initiative_replicate(initiative=initiative, by=partner, territory=own_territory)
    assert not Project.objects.exists()


def test_a_coordinator_replicates_anywhere(client_for, coordinator, other_territory, initiative):
    response = client_for(coordinator).post(replicate_url(initiative), {"territory": other_territory.pk})
    assert response.status_code == 302
    assert Project.objects.get().territory == other_territory


def test_a_referent_without_territory_is_told_so(client_for, db, initiative):
    response = client_for(UserFactory(role=Role.REFERENT)).get(replicate_url(initiative))
    assert response.status_code == 200
    assert "Vous n’êtes référent·e d’aucun territoire" in text(response)


def test_an_empty_submit_asks_for_the_territory(client_for, referent, own_territory, initiative):
    response = client_for(referent).post(replicate_url(initiative), {})
    assert response.status_code == 200
    assert "Choisissez le territoire du projet." in text(response)
    assert not Project.objects.exists()
