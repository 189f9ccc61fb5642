"""The territory a create page opens with (territories/filters/preselection.py): a referent with one territory
gets it without any parameter, so that the buttons of the nav and of the lists need none."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from territories.filters.preselection import preselected_territory
from territories.models import EngagedTerritory

from .factories import EngagedTerritoryFactory

CREATE_PAGES = ["need_create", "opportunity_create", "event_create", "cooperation_create"]


def preselected(client, url_name, **params):
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    return response.context["form"]["territory"].value()


@pytest.fixture
def second_territory(referent):
    """A second territory the referent's organisation refers."""
    return EngagedTerritoryFactory(name="Noyonnais", slug="noyonnais", referent_actor=referent.organisation)


@pytest.mark.parametrize("url_name", CREATE_PAGES)
def test_a_referent_with_one_territory_gets_it_without_a_parameter(
    client_for, referent, own_territory, other_territory, url_name
):
    client = client_for(referent)
    assert preselected(client, url_name) == own_territory.pk
    response = client.get(reverse(url_name))
    assert f'<option value="{own_territory.pk}" selected>' in response.content.decode()


@pytest.mark.parametrize("url_name", CREATE_PAGES)
def test_a_territory_the_referent_may_not_edit_is_ignored(
    client_for, referent, own_territory, other_territory, url_name
):
    # As if no territory were given: their only territory, never the other one.
    assert preselected(client_for(referent), url_name, territoire=other_territory.slug) == own_territory.pk


@pytest.mark.parametrize("url_name", CREATE_PAGES)
def test_a_referent_with_two_territories_chooses(
    client_for, referent, own_territory, second_territory, other_territory, url_name
):
    client = client_for(referent)
    assert preselected(client, url_name) is None
    assert preselected(client, url_name, territoire=other_territory.slug) is None
    # Their own territory named in the query is preselected.
    assert preselected(client, url_name, territoire=second_territory.slug) == second_territory.pk


@pytest.mark.parametrize("url_name", CREATE_PAGES)
def test_a_coordinator_chooses_unless_the_query_names_a_territory(client_for, coordinator, other_territory, url_name):
    client = client_for(coordinator)
    # A coordinator may add everywhere: with a single territory in the region, still no guess.
    assert EngagedTerritory.objects.count() == 1
    assert preselected(client, url_name) is None
    assert preselected(client, url_name, territoire=other_territory.slug) == other_territory.pk


@pytest.mark.parametrize("value", ["inconnu", "", "a\x00b", "x" * 500])
def test_odd_values_preselect_only_the_referents_territory(client_for, referent, own_territory, value):
    assert preselected(client_for(referent), "need_create", territoire=value) == own_territory.pk


def test_preselection_costs_one_query_at_most(client_for, referent, own_territory, django_assert_max_num_queries):
    request = RequestFactory().get(reverse("need_create"))
    request.user = referent
    with django_assert_max_num_queries(1):
        assert preselected_territory(request) == own_territory
