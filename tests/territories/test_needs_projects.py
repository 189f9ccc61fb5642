"""The projects started from a need or an opportunity, on their pages, and the button that starts one there."""

import pytest
from django.urls import reverse

from ..helpers import text
from ..projects.factories import ProjectFactory
from .factories import NeedFactory, OpportunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(own_territory):
    need = NeedFactory(territory=own_territory, title="Mobilité vers l’emploi", status="qualified")
    ProjectFactory(territory=own_territory, title="Garage solidaire", reference="FAB-2025-0007").needs.add(need)
    return need


@pytest.fixture
def opportunity(own_territory):
    opportunity = OpportunityFactory(territory=own_territory, title="Garage et auto-école", status="in_project")
    ProjectFactory(territory=own_territory, title="Auto-école sociale", opportunity=opportunity, stage="incubation")
    return opportunity


def need_page(client, need):
    return client.get(reverse("need_detail", kwargs={"need": need.pk}))


def opportunity_page(client, opportunity):
    return client.get(reverse("opportunity_detail", kwargs={"opportunity": opportunity.pk}))


@pytest.mark.parametrize("role", ["coordinator", "referent", "other_referent"])
def test_readers_of_projects_see_those_started_from_a_need(client_for, request, need, role):
    project = need.projects.get()
    page = text(need_page(client_for(request.getfixturevalue(role)), need))
    assert "Projets qui en sont nés" in page
    assert "FAB-2025-0007 — Garage solidaire" in page
    assert reverse("project_detail", kwargs={"project": project.pk}) in page
    assert "idée détectée" in page


@pytest.mark.parametrize("role", ["coordinator", "referent", "other_referent"])
def test_readers_of_projects_see_those_started_from_an_opportunity(client_for, request, opportunity, role):
    page = text(opportunity_page(client_for(request.getfixturevalue(role)), opportunity))
    assert "Auto-école sociale" in page and "accompagnement à la création" in page


def test_a_paused_project_is_flagged(client_for, coordinator, need):
    need.projects.update(side_state="on_hold")
    assert "en pause" in text(need_page(client_for(coordinator), need))


def test_partners_see_no_project_before_their_committees(client_for, partner, need, opportunity):
    client = client_for(partner)
    for page in (text(need_page(client, need)), text(opportunity_page(client, opportunity))):
        assert "Garage solidaire" not in page and "Auto-école sociale" not in page
        assert "Aucun projet n’en est encore né." in page
        assert reverse("project_create") not in page


@pytest.mark.parametrize("role", ["coordinator", "referent"])
def test_editors_of_the_territory_may_start_a_project_from_it(client_for, request, need, opportunity, role):
    client = client_for(request.getfixturevalue(role))
    assert f'href="{reverse("project_create")}?besoin={need.pk}"' in need_page(client, need).content.decode()
    assert (
        f'href="{reverse("project_create")}?opportunite={opportunity.pk}"'
        in opportunity_page(client, opportunity).content.decode()
    )
    assert "Démarrer un projet" in text(need_page(client, need))


def test_a_referent_of_another_territory_may_not_start_one_there(client_for, other_referent, need, opportunity):
    client = client_for(other_referent)
    assert "Démarrer un projet" not in text(need_page(client, need))
    assert "Démarrer un projet" not in text(opportunity_page(client, opportunity))


def test_a_need_without_project_says_so(client_for, coordinator, own_territory):
    need = NeedFactory(territory=own_territory)
    assert "Aucun projet n’en est encore né." in text(need_page(client_for(coordinator), need))


@pytest.mark.parametrize("count", [3, 30])
def test_query_budgets_do_not_grow_with_projects(
    client_for, coordinator, own_territory, count, django_assert_max_num_queries
):
    need = NeedFactory(territory=own_territory)
    opportunity = OpportunityFactory(territory=own_territory)
    for _ in range(count):
        ProjectFactory(territory=own_territory, opportunity=opportunity).needs.add(need)
    client = client_for(coordinator)
    # The suggested inspiring initiatives are two of them (a cold cache; on PostgreSQL the other sectors are read
    # when the need's holds fewer than five).
    with django_assert_max_num_queries(9):
        assert need_page(client, need).status_code == 200
    with django_assert_max_num_queries(9):
        response = opportunity_page(client, opportunity)
    assert text(response).count("FAB-1999-") == count
