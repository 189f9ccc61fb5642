"""Multiple choices as boxes: partners present and needs of an event, needs an opportunity answers, the actors of a
cooperation; a fieldset with a legend, every label whole, a search box for long lists, nothing half-saved."""

import pytest
from django.urls import reverse

from territories.models import AnimationEvent, Opportunity

from ..helpers import text
from .factories import ActorFactory, AnimationEventFactory, NeedFactory

LONG_NAME = "Association intercommunale d’aide à domicile, de portage de repas et de transport solidaire " * 2


def fieldset(page, name):
    """The fieldset of the boxes named `name`."""
    start = page.rindex("<fieldset", 0, page.index(f'name="{name}"'))
    return page[start : page.index("</fieldset>", start)]


def event_data(territory, **overrides):
    data = {
        "kind": "creativity_session",
        "title": "Séance de créativité",
        "date": "12/05/2026",
        "territory": territory.pk,
        "participants": "18",
        "ideas_produced": "7",
        "summary": "",
    }
    data.update(overrides)
    return data


def test_partners_present_are_boxes_with_whole_labels_and_a_filter(client_for, referent, own_territory):
    ActorFactory(name=LONG_NAME.strip())
    page = text(client_for(referent).get(reverse("event_create")))
    partners = fieldset(page, "partners_present")
    assert "<legend" in partners and "Partenaires présents" in partners
    assert 'type="checkbox" name="partners_present"' in partners and "<select" not in partners
    assert LONG_NAME.strip() in partners  # never cut
    assert "data-checkbox-filter" in partners and 'type="search"' in partners
    assert "/static/core/checkbox-filter.js" in page
    # Without JavaScript the search box stays hidden and every box is shown.
    assert '<div class="checkbox-filter-tools mb-2" hidden>' in partners


def test_actors_of_the_events_territory_come_first(client_for, referent, own_territory, other_territory):
    ActorFactory(name="Aa elsewhere").territories.add(other_territory)
    ActorFactory(name="Zz local").territories.add(own_territory)
    event = AnimationEventFactory(territory=own_territory)
    page = text(client_for(referent).get(reverse("event_edit", kwargs={"event": event.pk})))
    partners = fieldset(page, "partners_present")
    assert partners.index("Zz local") < partners.index("Aa elsewhere")


def test_several_partners_and_needs_are_saved_from_the_boxes(client_for, referent, own_territory):
    actors = [ActorFactory(), ActorFactory(), ActorFactory()]
    needs = [NeedFactory(territory=own_territory), NeedFactory(territory=own_territory)]
    data = event_data(own_territory, partners_present=[actors[0].pk, actors[2].pk], needs=[need.pk for need in needs])
    response = client_for(referent).post(reverse("event_create"), data)
    assert response.status_code == 302
    event = AnimationEvent.objects.get()
    assert set(event.partners_present.all()) == {actors[0], actors[2]}
    assert set(event.needs.all()) == set(needs)


def test_a_need_of_another_territory_is_refused_and_nothing_saved(client_for, referent, own_territory, other_territory):
    foreign = NeedFactory(territory=other_territory)
    response = client_for(referent).post(reverse("event_create"), event_data(own_territory, needs=[foreign.pk]))
    page = text(response)
    assert "Ce besoin n’est pas disponible" in page or "Ce besoin n'est pas disponible" in page
    assert '<a href="#id_needs_0">' in page  # the summary leads to the first box of the group
    assert AnimationEvent.objects.count() == 0


def test_an_unknown_partner_is_refused(client_for, referent, own_territory):
    response = client_for(referent).post(
        reverse("event_create"), event_data(own_territory, partners_present=["999999"])
    )
    assert "partners_present" in response.context["form"].errors
    assert AnimationEvent.objects.count() == 0


def test_the_opportunity_needs_are_boxes(client_for, referent, own_territory, sector):
    need = NeedFactory(territory=own_territory, title="Garde d’enfants en horaires décalés")
    client = client_for(referent)
    page = text(client.get(reverse("opportunity_create")))
    needs = fieldset(page, "needs")
    assert "<legend" in needs and "Besoins visés" in needs and "data-checkbox-filter" in needs
    assert "Beauvaisis — Garde d’enfants en horaires décalés</label>" in needs
    data = {
        "territory": own_territory.pk,
        "sector": sector.pk,
        "title": "Crèche inter-entreprises",
        "description": "Une crèche aux horaires des équipes postées.",
        "needs": [need.pk],
        "estimated_jobs": "",
        "status": "identified",
    }
    assert client.post(reverse("opportunity_create"), data).status_code == 302
    assert list(Opportunity.objects.get().needs.all()) == [need]


@pytest.mark.parametrize("count", [3, 30])
def test_the_boxes_cost_no_query_per_actor(client_for, referent, own_territory, django_assert_max_num_queries, count):
    for _ in range(count):
        ActorFactory()
    client = client_for(referent)
    client.get(reverse("event_create"))
    with django_assert_max_num_queries(14):
        client.get(reverse("event_create"))
