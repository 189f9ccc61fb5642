"""« Démarrer un projet » from a need's or an opportunity's page: the form opens with them and their territory."""

import re

import pytest
from django.urls import reverse

from territories.models import Need, Opportunity

from ..territories.factories import NeedFactory, OpportunityFactory

pytestmark = pytest.mark.django_db

URL = reverse("project_create")


def initial(client, **query):
    return client.get(URL, query).context["form"].initial


def test_a_need_of_ones_territory_fills_the_form(client, referent, own_territory):
    need = NeedFactory(territory=own_territory, title="Garage solidaire", source=Need.Source.CREATIVITY_SESSION)
    client.force_login(referent)
    values = initial(client, besoin=need.pk)
    assert values["territory"] == own_territory
    assert values["needs"] == [need.pk]
    assert values["title"] == "Garage solidaire"
    assert values["origin"] == "creativity_session"
    page = client.get(URL, {"besoin": need.pk}).content.decode()
    box = re.search(rf'<input[^>]*name="needs"[^>]*value="{need.pk}"[^>]*>', page).group(0)
    assert "checked" in box


def test_an_opportunity_brings_its_reviewed_needs(client, referent, own_territory):
    need = NeedFactory(territory=own_territory)
    idea = NeedFactory(territory=own_territory, status=Need.Status.TO_REVIEW)
    opportunity = OpportunityFactory(territory=own_territory, title="Conciergerie")
    opportunity.needs.set([need, idea])
    client.force_login(referent)
    values = initial(client, opportunite=opportunity.pk)
    assert values["opportunity"] == opportunity.pk
    assert values["needs"] == [need.pk]
    assert values["territory"] == own_territory


@pytest.mark.parametrize(
    "query",
    [
        {"besoin": "abc"},
        {"besoin": "0"},
        {"besoin": "999999"},
        {"opportunite": "-3"},
        {"besoin": "1\x00"},
    ],
)
def test_odd_values_are_ignored(client, referent, own_territory, query):
    client.force_login(referent)
    response = client.get(URL, query)
    assert response.status_code == 200
    # The referent's one territory is still preselected.
    assert response.context["form"].initial["territory"] == own_territory
    assert "needs" not in response.context["form"].initial


def test_a_need_of_another_territory_or_still_to_review_is_ignored(client, referent, own_territory, other_territory):
    foreign = NeedFactory(territory=other_territory)
    idea = NeedFactory(territory=own_territory, status=Need.Status.TO_REVIEW)
    dropped = OpportunityFactory(territory=own_territory, status=Opportunity.Status.DROPPED)
    client.force_login(referent)
    for query in ({"besoin": foreign.pk}, {"besoin": idea.pk}, {"opportunite": dropped.pk}):
        assert "needs" not in initial(client, **query)
