"""Development opportunities: list, detail, forms per role, the needs they answer, jobs, concurrent edits."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from core.versioning import CONCURRENT_EDIT_MESSAGE
from territories.forms.needs import NEED_REFUSED, NEEDS_OF_OTHER_TERRITORY, NEGATIVE_JOBS, TERRITORY_REFUSED
from territories.models import Opportunity

from ..helpers import response_bytes, text
from .factories import EngagedTerritoryFactory, NeedFactory, OpportunityFactory


def opportunity_data(territory, sector, needs=(), **overrides):
    data = {
        "territory": territory.pk,
        "sector": sector.pk,
        "title": "Légumerie solidaire",
        "description": "Transformer les légumes locaux pour la restauration collective.",
        "needs": [need.pk for need in needs],
        "estimated_jobs": "4.5",
        "status": "identified",
    }
    data.update(overrides)
    return data


def edit_data(opportunity, **overrides):
    data = opportunity_data(
        opportunity.territory,
        opportunity.sector,
        needs=opportunity.needs.all(),
        title=opportunity.title,
        version=opportunity.version,
    )
    data.update(overrides)
    return data


# --- list and detail ----------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["coordinator", "referent", "partner"])
def test_readers_see_the_list(client, request, fixture, own_territory, other_territory):
    OpportunityFactory(territory=own_territory, title="Ressourcerie")
    OpportunityFactory(territory=other_territory, title="Garage solidaire")
    client.force_login(request.getfixturevalue(fixture))
    # The whole region: a referent's list opens on their territories (tests/territories/test_list_scope.py).
    response = client.get(reverse("opportunity_list"), {"perimetre": "region"})
    assert response.status_code == 200
    assert "Ressourcerie" in text(response) and "Garage solidaire" in text(response)


def test_staff_and_anonymous_are_refused_the_list(client, staff):
    response = client.get(reverse("opportunity_list"))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    client.force_login(staff)
    assert client.get(reverse("opportunity_list")).status_code == 403


def test_list_filters_and_sorts(client, coordinator, own_territory, sector):
    kept = OpportunityFactory(territory=own_territory, sector=sector, title="Cuisine centrale", status="qualified")
    OpportunityFactory(territory=own_territory, sector=sector, title="Cuisine mobile", status="identified")
    OpportunityFactory(sector=sector, title="Cuisine ailleurs", status="qualified")
    client.force_login(coordinator)
    query = {"territoire": "beauvaisis", "filiere": sector.slug, "statut": "qualified", "q": "centrale"}
    assert list(client.get(reverse("opportunity_list"), query).context["listing"].rows) == [kept]
    rows = client.get(reverse("opportunity_list"), {"territoire": "beauvaisis", "tri": "-intitule"}).context["listing"]
    assert [o.title for o in rows.rows] == ["Cuisine mobile", "Cuisine centrale"]


def test_export_names_the_needs_answered(client, partner, own_territory):
    need = NeedFactory(territory=own_territory, title="Repas des aînés")
    opportunity = OpportunityFactory(territory=own_territory, title="Portage de repas", estimated_jobs=Decimal("2.5"))
    opportunity.needs.add(need)
    client.force_login(partner)
    response = client.get(reverse("opportunity_list"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response_bytes(response).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Territoire",
        "Filière",
        "Intitulé",
        "Description",
        "Besoins visés",
        "Emplois estimés (ETP)",
        "Statut",
    ]
    assert rows[1][2] == "Portage de repas" and rows[1][4] == "Repas des aînés" and rows[1][5] == "2,5"


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_budget_does_not_grow(client, referent, own_territory, django_assert_max_num_queries, rows):
    for _ in range(rows):
        OpportunityFactory(territory=own_territory).needs.add(NeedFactory(territory=own_territory))
    client.force_login(referent)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("opportunity_list"))
    assert response.status_code == 200
    # 5: the referent's territories, which the export is narrowed to as the page is.
    with django_assert_max_num_queries(5):
        assert client.get(reverse("opportunity_list"), {"export": "xlsx"}).status_code == 200


@pytest.mark.parametrize("fixture", ["coordinator", "referent", "partner"])
def test_readers_see_the_detail_with_needs_and_history(client, request, fixture, other_territory):
    need = NeedFactory(territory=other_territory, title="Isolement des aînés")
    opportunity = OpportunityFactory(territory=other_territory, title="Tiers-lieu")
    opportunity.needs.add(need)
    opportunity.title = "Tiers-lieu intergénérationnel"
    opportunity.save()
    user = request.getfixturevalue(fixture)
    client.force_login(user)
    response = client.get(reverse("opportunity_detail", kwargs={"opportunity": opportunity.pk}))
    content = text(response)
    assert response.status_code == 200
    assert "Isolement des aînés" in content and reverse("need_detail", kwargs={"need": need.pk}) in content
    assert "Tiers-lieu → Tiers-lieu intergénérationnel" in content
    edit_url = reverse("opportunity_edit", kwargs={"opportunity": opportunity.pk})
    # Only the coordinator may edit an opportunity of a territory the referent does not refer.
    assert (edit_url in content) == (fixture == "coordinator")


def test_detail_refused_to_staff(client, staff):
    opportunity = OpportunityFactory()
    client.force_login(staff)
    assert client.get(reverse("opportunity_detail", kwargs={"opportunity": opportunity.pk})).status_code == 403


@pytest.mark.parametrize("links", [3, 30])
def test_detail_query_budget_does_not_grow(client, referent, own_territory, django_assert_max_num_queries, links):
    opportunity = OpportunityFactory(territory=own_territory)
    opportunity.needs.set([NeedFactory(territory=own_territory) for _ in range(links)])
    client.force_login(referent)
    # Eight: the projects started from it are one of them, the suggested initiatives two more (a cold cache; on
    # PostgreSQL the other sectors are read when the opportunity's holds fewer than five).
    with django_assert_max_num_queries(8):
        response = client.get(reverse("opportunity_detail", kwargs={"opportunity": opportunity.pk}))
    assert response.status_code == 200


# --- create -------------------------------------------------------------------------------------


def test_referent_creates_an_opportunity_answering_own_needs(client, referent, own_territory, sector):
    needs = [NeedFactory(territory=own_territory), NeedFactory(territory=own_territory)]
    client.force_login(referent)
    response = client.post(reverse("opportunity_create"), opportunity_data(own_territory, sector, needs))
    opportunity = Opportunity.objects.get()
    assert response["Location"] == reverse("opportunity_detail", kwargs={"opportunity": opportunity.pk})
    assert set(opportunity.needs.all()) == set(needs)
    assert opportunity.estimated_jobs == Decimal("4.5") and opportunity.recorded_by == referent


def test_the_create_form_is_preselected_and_limited(client, referent, own_territory, other_territory):
    own_need = NeedFactory(territory=own_territory, title="Besoin du Beauvaisis")
    NeedFactory(territory=other_territory, title="Besoin d'Amiens")
    client.force_login(referent)
    response = client.get(reverse("opportunity_create"), {"territoire": "beauvaisis"})
    form = response.context["form"]
    assert form["territory"].value() == own_territory.pk
    assert list(form.fields["territory"].queryset) == [own_territory]
    assert list(form.fields["needs"].queryset) == [own_need]
    assert "Besoin d'Amiens" not in text(response)


def test_needs_of_another_territory_are_refused(client, coordinator, own_territory, other_territory, sector):
    foreign = NeedFactory(territory=other_territory, title="Besoin d'ailleurs")
    client.force_login(coordinator)
    response = client.post(reverse("opportunity_create"), opportunity_data(own_territory, sector, [foreign]))
    message = NEEDS_OF_OTHER_TERRITORY % {"title": "Besoin d'ailleurs", "territory": "Amiens Métropole"}
    assert response.context["form"].errors["needs"] == [message]
    assert message in text(response)
    assert not Opportunity.objects.exists()


def test_a_referent_cannot_pick_a_need_outside_their_territories(
    client, referent, own_territory, other_territory, sector
):
    foreign = NeedFactory(territory=other_territory)
    client.force_login(referent)
    response = client.post(reverse("opportunity_create"), opportunity_data(own_territory, sector, [foreign]))
    assert response.context["form"].errors["needs"] == [str(NEED_REFUSED)]
    assert str(NEED_REFUSED) in text(response)
    assert not Opportunity.objects.exists()


def test_negative_jobs_are_refused(client, referent, own_territory, sector):
    client.force_login(referent)
    response = client.post(reverse("opportunity_create"), opportunity_data(own_territory, sector, estimated_jobs="-2"))
    assert response.context["form"].errors["estimated_jobs"] == [str(NEGATIVE_JOBS)]
    assert str(NEGATIVE_JOBS) in text(response)
    assert not Opportunity.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("title", "", "Ce champ est obligatoire."), ("estimated_jobs", "beaucoup", "Saisissez un nombre.")],
)
def test_bad_input_is_refused_in_french(client, referent, own_territory, sector, field, value, message):
    client.force_login(referent)
    response = client.post(reverse("opportunity_create"), opportunity_data(own_territory, sector, **{field: value}))
    assert response.context["form"].errors[field] == [message]
    assert not Opportunity.objects.exists()


def test_referent_cannot_create_on_another_territory(client, referent, own_territory, other_territory, sector):
    client.force_login(referent)
    response = client.post(reverse("opportunity_create"), opportunity_data(other_territory, sector))
    assert response.context["form"].errors["territory"] == [str(TERRITORY_REFUSED)]
    assert not Opportunity.objects.exists()


@pytest.mark.parametrize("fixture", ["partner", "staff"])
def test_partner_and_staff_cannot_create(client, request, fixture, own_territory, sector):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("opportunity_create")).status_code == 403
    assert client.post(reverse("opportunity_create"), opportunity_data(own_territory, sector)).status_code == 403
    assert not Opportunity.objects.exists()


# --- edit ---------------------------------------------------------------------------------------


def test_referent_edits_own_opportunity_and_its_needs(client, referent, own_territory):
    first, second = NeedFactory(territory=own_territory), NeedFactory(territory=own_territory)
    # A need of another territory the referent also refers is not offered on this opportunity.
    NeedFactory(territory=EngagedTerritoryFactory(referent_actor=referent.organisation))
    opportunity = OpportunityFactory(territory=own_territory)
    opportunity.needs.add(first)
    client.force_login(referent)
    url = reverse("opportunity_edit", kwargs={"opportunity": opportunity.pk})
    assert set(client.get(url).context["form"].fields["needs"].queryset) == {first, second}
    response = client.post(url, edit_data(opportunity, needs=[second.pk], status="qualified"))
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert list(opportunity.needs.all()) == [second]
    assert opportunity.status == "qualified" and opportunity.version == 2
    assert opportunity.history.first().history_user == referent


def test_referent_cannot_edit_another_territorys_opportunity(client, referent, other_territory):
    opportunity = OpportunityFactory(territory=other_territory, title="Intacte")
    client.force_login(referent)
    url = reverse("opportunity_edit", kwargs={"opportunity": opportunity.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, edit_data(opportunity, title="Modifiée")).status_code == 403
    opportunity.refresh_from_db()
    assert opportunity.title == "Intacte"


@pytest.mark.parametrize("fixture", ["partner", "staff"])
def test_partner_and_staff_cannot_edit(client, request, fixture, own_territory):
    opportunity = OpportunityFactory(territory=own_territory, title="Intacte")
    client.force_login(request.getfixturevalue(fixture))
    url = reverse("opportunity_edit", kwargs={"opportunity": opportunity.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, edit_data(opportunity, title="Modifiée")).status_code == 403
    opportunity.refresh_from_db()
    assert opportunity.title == "Intacte"


def test_a_concurrent_opportunity_edit_is_refused(client, referent, coordinator, own_territory):
    opportunity = OpportunityFactory(territory=own_territory, title="Originale")
    url = reverse("opportunity_edit", kwargs={"opportunity": opportunity.pk})
    client.force_login(coordinator)
    client.post(url, edit_data(opportunity, title="Celle du coordinateur"))
    client.force_login(referent)
    response = client.post(url, edit_data(opportunity, version=1, title="Celle du référent"))
    assert response.context["form"].non_field_errors() == [str(CONCURRENT_EDIT_MESSAGE)]
    assert str(CONCURRENT_EDIT_MESSAGE) in text(response)
    opportunity.refresh_from_db()
    assert opportunity.title == "Celle du coordinateur" and opportunity.version == 2
