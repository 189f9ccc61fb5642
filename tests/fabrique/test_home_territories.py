"""The territories block of the referents' home page: paginated, so an organisation referring many territories
does not put all of them on the home page, and read with a number of queries that grows neither with territories
nor with what they hold (needs, ideas, opportunities, events, assessments). The coordinator's home is the dashboard
(tests/fabrique/test_dashboard*.py): it links to the territory list instead."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import aggregates
from fabrique.views import HOME_TERRITORIES_PER_PAGE

from ..helpers import text
from ..territories.factories import (
    AnimationEventFactory,
    EngagedTerritoryFactory,
    NeedFactory,
    OpportunityFactory,
    ReadinessAssessmentFactory,
)
from .factories import InvitationFactory

pytestmark = pytest.mark.django_db


def make_territories(count, **fields):
    return [
        EngagedTerritoryFactory(name=f"Territoire {index:02d}", slug=f"t-{index:02d}", **fields)
        for index in range(count)
    ]


def listed(response):
    return [territory.name for territory in response.context["territories"].rows]


def test_coordinator_home_links_to_the_territory_list(client, coordinator):
    make_territories(25)
    client.force_login(coordinator)
    page = text(client.get(reverse("home")))
    assert f'href="{reverse("territory_list")}"' in page
    assert "Page 1 sur 3" not in page


def test_referent_home_pages_their_own_territories_only(client, referent):
    make_territories(12, referent_actor=referent.organisation)
    EngagedTerritoryFactory(name="Ailleurs", slug="ailleurs")
    client.force_login(referent)
    response = client.get(reverse("home"))
    assert len(listed(response)) == HOME_TERRITORIES_PER_PAGE
    last = client.get(reverse("home"), {"page": 2})
    assert listed(last) == ["Territoire 10", "Territoire 11"]
    assert "Ailleurs" not in text(response) + text(last)


@pytest.mark.parametrize("page", ["abc", "0", "-3", "99999999999999999999"])
def test_a_bad_page_number_gives_a_page_not_an_error(client, referent, page):
    make_territories(12, referent_actor=referent.organisation)
    client.force_login(referent)
    response = client.get(reverse("home"), {"page": page})
    assert response.status_code == 200
    assert len(listed(response)) in (HOME_TERRITORIES_PER_PAGE, 2)


def home_queries(client):
    # Measured with the cached counts forgotten (core.aggregates): the budget is that of a cold cache.
    aggregates.forget_all()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["coordinator", "referent"])
def test_home_queries_do_not_grow_with_territories(client, request, role):
    user = request.getfixturevalue(role)
    mine = {"referent_actor": user.organisation} if role == "referent" else {}
    client.force_login(user)
    make_territories(3, **mine)
    client.get(reverse("home"))  # warm-up: session and content types
    few = home_queries(client)
    for index in range(3, 40):
        EngagedTerritoryFactory(name=f"Autre {index}", slug=f"autre-{index}", **mine)
    assert home_queries(client) == few


def populate(territories):
    """Everything a row of the home counts, for each territory, so that a query per row would show."""
    for territory in territories:
        NeedFactory(territory=territory)
        NeedFactory(territory=territory, status="to_review")
        OpportunityFactory(territory=territory)
        AnimationEventFactory(territory=territory)
        InvitationFactory(organisation=territory.referent_actor)
        for prerequisite in (1, 2, 3):
            ReadinessAssessmentFactory(territory=territory, prerequisite=prerequisite)


def test_home_query_count_is_the_same_at_two_sizes(client, referent, django_assert_max_num_queries):
    user = referent
    mine = {"referent_actor": user.organisation}
    populate(make_territories(2, **mine))
    client.force_login(user)
    client.get(reverse("home"))  # warm-up: session and content types
    few = home_queries(client)
    populate([EngagedTerritoryFactory(name=f"Autre {index}", slug=f"autre-{index}", **mine) for index in range(3, 30)])
    with django_assert_max_num_queries(few):
        response = client.get(reverse("home"))
    assert len(listed(response)) == HOME_TERRITORIES_PER_PAGE
    assert all(territory.to_review_count == 1 for territory in response.context["territories"].rows)
