"""A referent's lists of needs, opportunities, events and cooperations open on their territories, with a switch
to the whole region (territories/filters/scope.py); coordinators and partners see the whole region."""

import pytest
from django.urls import reverse

from core.roles import Role

from ..fabrique.factories import UserFactory
from ..helpers import response_bytes, text
from .factories import (
    ActorFactory,
    AnimationEventFactory,
    CooperationFactory,
    EngagedTerritoryFactory,
    NeedFactory,
    OpportunityFactory,
)

NBSP = "\u00a0"
LISTS = {
    "need_list": lambda territory, title: NeedFactory(territory=territory, title=title),
    "opportunity_list": lambda territory, title: OpportunityFactory(territory=territory, title=title),
    "event_list": lambda territory, title: AnimationEventFactory(territory=territory, title=title),
    "cooperation_list": lambda territory, title: CooperationFactory(territory=territory, title=title),
}
OWN = "Ressourcerie du Beauvaisis"
OTHER = "Garage solidaire d’Amiens"
SWITCH = 'aria-label="Périmètre de la liste"'


@pytest.fixture
def rows(own_territory, other_territory):
    """A row of each list in the referent's territory and one in the other territory."""

    def make(url_name):
        LISTS[url_name](own_territory, OWN)
        LISTS[url_name](other_territory, OTHER)

    return make


@pytest.mark.parametrize("url_name", LISTS)
def test_a_referent_sees_their_territories_by_default(client_for, referent, rows, url_name):
    rows(url_name)
    response = client_for(referent).get(reverse(url_name))
    page = text(response)
    assert response.status_code == 200
    assert OWN in page and OTHER not in page
    assert f"Cette liste montre votre territoire{NBSP}: Beauvaisis." in page
    assert SWITCH in page
    assert '<a class="btn btn-outline-primary active" href="?" aria-current="true">Mes territoires</a>' in page
    assert '<a class="btn btn-outline-primary" href="?perimetre=region">Toute la région</a>' in page
    assert "1 résultat" in page


@pytest.mark.parametrize("url_name", LISTS)
def test_a_referent_switches_to_the_whole_region(client_for, referent, rows, url_name):
    rows(url_name)
    page = text(client_for(referent).get(reverse(url_name), {"perimetre": "region"}))
    assert OWN in page and OTHER in page
    assert "Cette liste montre toute la région." in page
    assert '<a class="btn btn-outline-primary active" href="?perimetre=region" aria-current="true">' in page
    # The filter form carries the perimeter, so that filtering keeps it.
    assert '<input type="hidden" name="perimetre" value="region"' in page


@pytest.mark.parametrize("url_name", LISTS)
def test_a_territory_chosen_in_the_filters_wins_over_the_perimeter(
    client_for, referent, rows, other_territory, url_name
):
    rows(url_name)
    page = text(client_for(referent).get(reverse(url_name), {"territoire": other_territory.slug}))
    assert OTHER in page and OWN not in page
    assert f"Cette liste montre le territoire choisi dans les filtres{NBSP}: Amiens Métropole." in page
    # Both positions of the switch drop the territory, so that each does what it says.
    assert 'href="?">Mes territoires</a>' in page and 'href="?perimetre=region">Toute la région</a>' in page


@pytest.mark.parametrize("url_name", LISTS)
@pytest.mark.parametrize("fixture", ["coordinator", "partner"])
def test_coordinators_and_partners_see_the_whole_region_without_a_switch(client_for, request, rows, fixture, url_name):
    rows(url_name)
    user = request.getfixturevalue(fixture)
    for params in ({}, {"perimetre": "mes-territoires"}):
        page = text(client_for(user).get(reverse(url_name), params))
        assert OWN in page and OTHER in page
        assert SWITCH not in page and "Cette liste montre" not in page
        assert 'name="perimetre"' not in page


@pytest.mark.parametrize("url_name", LISTS)
def test_a_referent_of_no_territory_sees_the_whole_region(client_for, rows, url_name):
    rows(url_name)
    lonely = UserFactory(role=Role.REFERENT, organisation=ActorFactory(name="Sans territoire"))
    page = text(client_for(lonely).get(reverse(url_name)))
    assert OWN in page and OTHER in page
    assert SWITCH not in page


def test_a_referent_of_two_territories_sees_both(client_for, referent, own_territory, other_territory):
    second = EngagedTerritoryFactory(name="Noyonnais", slug="noyonnais", referent_actor=referent.organisation)
    NeedFactory(territory=own_territory, title=OWN)
    NeedFactory(territory=second, title="Épicerie solidaire du Noyonnais")
    NeedFactory(territory=other_territory, title=OTHER)
    page = text(client_for(referent).get(reverse("need_list")))
    assert OWN in page and "Épicerie solidaire du Noyonnais" in page and OTHER not in page
    assert f"Cette liste montre vos territoires{NBSP}: Beauvaisis, Noyonnais." in page


@pytest.mark.parametrize("value", ["inconnu", "a\x00b", "x" * 300, ""])
def test_an_odd_perimeter_opens_on_the_referents_territories(client_for, referent, rows, value):
    rows("need_list")
    response = client_for(referent).get(reverse("need_list"), {"perimetre": value})
    assert response.status_code == 200
    page = text(response)
    assert OWN in page and OTHER not in page


def test_the_switch_keeps_the_other_filters_and_drops_the_page(client_for, referent, rows):
    rows("need_list")
    params = {"q": "Ressourcerie", "statut": "identified", "page": 2}
    page = text(client_for(referent).get(reverse("need_list"), params))
    assert 'href="?q=Ressourcerie&statut=identified&perimetre=region">Toute la région</a>' in page
    assert 'href="?q=Ressourcerie&statut=identified"' in page


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("url_name", LISTS)
def test_the_export_follows_the_perimeter_shown(client_for, referent, rows, url_name, kind):
    rows(url_name)
    client = client_for(referent)
    mine = response_bytes(client.get(reverse(url_name), {"export": kind}))
    region = response_bytes(client.get(reverse(url_name), {"export": kind, "perimetre": "region"}))
    if kind == "csv":
        mine, region = mine.decode("utf-8-sig"), region.decode("utf-8-sig")
        assert OWN in mine and OTHER not in mine
        assert OWN in region and OTHER in region
    else:
        assert len(region) > len(mine)


def test_the_event_totals_follow_the_perimeter(client_for, referent, own_territory, other_territory):
    AnimationEventFactory(territory=own_territory, participants=7)
    AnimationEventFactory(territory=other_territory, participants=40)
    client = client_for(referent)
    assert client.get(reverse("event_list")).context["totals"].participants == 7
    assert client.get(reverse("event_list"), {"perimetre": "region"}).context["totals"].participants == 47


@pytest.mark.parametrize("url_name", LISTS)
@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("perimeter", ["", "region"])
def test_the_query_budget_does_not_grow_with_rows(
    client_for, referent, own_territory, other_territory, django_assert_max_num_queries, url_name, count, perimeter
):
    for index in range(count):
        LISTS[url_name](own_territory, f"Ligne {index}")
        LISTS[url_name](other_territory, f"Autre ligne {index}")
    client = client_for(referent)
    params = {"perimetre": perimeter} if perimeter else {}
    # Session and user, the territories (one query for the drop-down and the perimeter alike), the count, the
    # page, its prefetches and the event totals: the same at 3 rows and at 30, and as before the perimeter.
    with django_assert_max_num_queries(8):
        response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    # The export: session and user, the territories of the perimeter, the rows and their prefetches.
    with django_assert_max_num_queries(5):
        assert client.get(reverse(url_name), {**params, "export": "csv"}).status_code == 200
