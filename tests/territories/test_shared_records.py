"""Records shared between territories: actors, their contacts and cooperations, edited only by who owns all of them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.roles import Role
from territories.models import Actor, Contact, Cooperation
from territories.services.actors import actor_propose_for_territory, actor_update

from ..fabrique.factories import UserFactory
from ..helpers import text
from .factories import ActorFactory, ContactFactory, CooperationFactory, EngagedTerritoryFactory

pytestmark = pytest.mark.django_db

# "version": the version an edit form was opened on; a creation form ignores it.
CONTACT = {
    "name": "Alix Moreau",
    "role": "Directrice",
    "email": "alix@structure.fr",
    "phone": "03 44 00 00 00",
    "version": 1,
}


def names(actor):
    return {territory.name for territory in actor.territories.all()}


@pytest.fixture
def second_own_territory(referent):
    """Another territory the referent’s organisation refers, where the shared actor does not work yet."""
    return EngagedTerritoryFactory(name="Nogent-sur-Oise", slug="nogent", referent_actor=referent.organisation)


@pytest.fixture
def shared_actor(own_territory, other_territory):
    """The CRESS works in every territory: the referent of one of them does not own its record."""
    actor = ActorFactory(name="CRESS Hauts-de-France", kind=Actor.Kind.INSTITUTION)
    actor.territories.set([own_territory, other_territory])
    ContactFactory(actor=actor, name="Camille Lefèvre", email="camille@cress.fr")
    return actor


@pytest.fixture
def referent_of_both(own_territory, other_territory):
    """A referent whose organisation refers every territory of the shared actor."""
    organisation = ActorFactory(name="Référent des deux territoires")
    for territory in (own_territory, other_territory):
        territory.referent_actor = organisation
        territory.save()
    return UserFactory(role=Role.REFERENT, organisation=organisation)


def actor_data(actor, **overrides):
    data = {
        "name": actor.name,
        "kind": actor.kind,
        "siret": "",
        "legal_category": "",
        "is_scic": "",
        "esus_approved": "",
        "esus_end_date": "",
        "town_text": "",
        "website": "",
        "description": "",
        "territories": [territory.pk for territory in actor.territories.all()],
        "version": actor.version,
    }
    data.update(overrides)
    return data


# Actors


def test_referent_of_one_territory_cannot_edit_a_shared_actor(client, referent, shared_actor, own_territory):
    client.force_login(referent)
    url = reverse("actor_edit", kwargs={"actor": shared_actor.pk})
    assert client.get(url).status_code == 403
    response = client.post(url, actor_data(shared_actor, name="CRESS renommée", territories=[own_territory.pk]))
    assert response.status_code == 403
    shared_actor.refresh_from_db()
    assert shared_actor.name == "CRESS Hauts-de-France"
    assert names(shared_actor) == {"Beauvaisis", "Amiens Métropole"}


def test_referent_cannot_take_a_shared_actor_out_of_other_territories_through_the_service(
    referent, shared_actor, own_territory
):
    with pytest.raises(PermissionDenied):
        actor_update(
            actor=shared_actor, by=referent, expected_version=1, territories=[own_territory], name=shared_actor.name
        )
    assert names(shared_actor) == {"Beauvaisis", "Amiens Métropole"}


def test_referent_of_one_territory_cannot_change_a_shared_actors_contacts(client, referent, shared_actor):
    contact = shared_actor.contacts.get()
    client.force_login(referent)
    create = reverse("contact_create", kwargs={"actor": shared_actor.pk})
    edit = reverse("contact_edit", kwargs={"contact": contact.pk})
    delete = reverse("contact_delete", kwargs={"contact": contact.pk})
    assert client.get(create).status_code == 403
    assert client.post(create, CONTACT).status_code == 403
    assert client.get(edit).status_code == 403
    assert client.post(edit, CONTACT).status_code == 403
    assert client.post(delete).status_code == 403
    assert list(Contact.objects.values_list("name", "email")) == [("Camille Lefèvre", "camille@cress.fr")]


def test_shared_actor_page_shows_the_referent_no_edit_buttons_but_the_proposal(
    client, referent, shared_actor, own_territory, other_territory, second_own_territory
):
    contact = shared_actor.contacts.get()
    client.force_login(referent)
    response = client.get(reverse("actor_detail", kwargs={"actor": shared_actor.pk}))
    page = text(response)
    # Contacts stay readable by the referents of the actor's territories; changing them is not offered.
    assert "Camille Lefèvre" in page
    assert reverse("actor_edit", kwargs={"actor": shared_actor.pk}) not in page
    assert reverse("contact_create", kwargs={"actor": shared_actor.pk}) not in page
    assert reverse("contact_edit", kwargs={"contact": contact.pk}) not in page
    assert reverse("contact_delete", kwargs={"contact": contact.pk}) not in page
    # Only the referent's territories where the actor does not work yet are offered.
    assert reverse("actor_propose", kwargs={"actor": shared_actor.pk}) in page
    assert list(response.context["proposable_territories"]) == [second_own_territory]
    assert "Proposer pour « Nogent-sur-Oise »" in page
    assert "Proposer pour « Amiens Métropole »" not in page


def test_proposing_adds_the_referents_territory_and_nothing_else(client, referent, shared_actor, second_own_territory):
    client.force_login(referent)
    response = client.post(
        reverse("actor_propose", kwargs={"actor": shared_actor.pk}),
        # A hostile form may carry other fields: only the territory is read.
        {"territory": second_own_territory.pk, "name": "CRESS renommée", "territories": []},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("actor_detail", kwargs={"actor": shared_actor.pk})
    shared_actor.refresh_from_db()
    assert shared_actor.name == "CRESS Hauts-de-France"
    assert names(shared_actor) == {"Beauvaisis", "Amiens Métropole", "Nogent-sur-Oise"}
    assert shared_actor.contacts.count() == 1
    page = text(client.get(response["Location"]))
    assert "« CRESS Hauts-de-France » figure désormais parmi les acteurs du territoire « Nogent-sur-Oise »." in page


def test_proposing_for_a_territory_of_someone_else_changes_nothing(
    client, referent, shared_actor, own_territory, other_territory
):
    third = EngagedTerritoryFactory(name="Vermandois", slug="vermandois")
    client.force_login(referent)
    response = client.post(reverse("actor_propose", kwargs={"actor": shared_actor.pk}), {"territory": third.pk})
    assert response.status_code == 302
    assert "Choisissez l’un des territoires dont votre structure est l’acteur référent" in text(
        client.get(response["Location"])
    )
    assert names(shared_actor) == {"Beauvaisis", "Amiens Métropole"}
    with pytest.raises(PermissionDenied):
        actor_propose_for_territory(actor=shared_actor, territory=third, by=referent)
    assert names(shared_actor) == {"Beauvaisis", "Amiens Métropole"}


@pytest.mark.parametrize("value", ["", "abc", "999999", "1\x00"])
def test_proposing_with_a_bad_territory_changes_nothing(client, referent, shared_actor, value):
    client.force_login(referent)
    response = client.post(reverse("actor_propose", kwargs={"actor": shared_actor.pk}), {"territory": value})
    assert response.status_code == 302
    assert names(shared_actor) == {"Beauvaisis", "Amiens Métropole"}


@pytest.mark.parametrize("role", ["partner", "staff"])
def test_partner_and_staff_cannot_propose(client, request, role, shared_actor, second_own_territory):
    user = request.getfixturevalue(role)
    client.force_login(user)
    url = reverse("actor_propose", kwargs={"actor": shared_actor.pk})
    assert client.post(url, {"territory": second_own_territory.pk}).status_code == 403
    assert names(shared_actor) == {"Beauvaisis", "Amiens Métropole"}


def test_partner_cannot_propose_through_the_service(partner, shared_actor, second_own_territory):
    with pytest.raises(PermissionDenied):
        actor_propose_for_territory(actor=shared_actor, territory=second_own_territory, by=partner)
    assert names(shared_actor) == {"Beauvaisis", "Amiens Métropole"}


def test_anonymous_is_sent_to_login_from_propose(client, shared_actor, second_own_territory):
    response = client.post(
        reverse("actor_propose", kwargs={"actor": shared_actor.pk}), {"territory": second_own_territory.pk}
    )
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    assert names(shared_actor) == {"Beauvaisis", "Amiens Métropole"}


def test_propose_needs_a_post(client, referent, shared_actor, second_own_territory):
    client.force_login(referent)
    url = reverse("actor_propose", kwargs={"actor": shared_actor.pk})
    assert client.get(url, {"territory": second_own_territory.pk}).status_code == 405
    assert names(shared_actor) == {"Beauvaisis", "Amiens Métropole"}


def test_proposing_twice_keeps_one_membership(referent, shared_actor, own_territory):
    actor_propose_for_territory(actor=shared_actor, territory=own_territory, by=referent)
    assert shared_actor.territories.filter(pk=own_territory.pk).count() == 1
    assert names(shared_actor) == {"Beauvaisis", "Amiens Métropole"}


def test_coordinator_edits_a_shared_actor_and_its_contacts(client, coordinator, shared_actor, own_territory):
    client.force_login(coordinator)
    page = text(client.get(reverse("actor_detail", kwargs={"actor": shared_actor.pk})))
    assert reverse("actor_edit", kwargs={"actor": shared_actor.pk}) in page
    assert reverse("actor_propose", kwargs={"actor": shared_actor.pk}) not in page
    response = client.post(
        reverse("actor_edit", kwargs={"actor": shared_actor.pk}),
        actor_data(shared_actor, name="CRESS des Hauts-de-France", territories=[own_territory.pk]),
    )
    assert response.status_code == 302
    shared_actor.refresh_from_db()
    assert shared_actor.name == "CRESS des Hauts-de-France" and names(shared_actor) == {"Beauvaisis"}
    assert client.post(reverse("contact_create", kwargs={"actor": shared_actor.pk}), CONTACT).status_code == 302
    assert shared_actor.contacts.count() == 2


def test_referent_of_every_territory_of_the_actor_edits_it(
    client, referent_of_both, shared_actor, own_territory, other_territory
):
    client.force_login(referent_of_both)
    page = text(client.get(reverse("actor_detail", kwargs={"actor": shared_actor.pk})))
    assert reverse("actor_edit", kwargs={"actor": shared_actor.pk}) in page
    assert reverse("contact_create", kwargs={"actor": shared_actor.pk}) in page
    response = client.post(
        reverse("actor_edit", kwargs={"actor": shared_actor.pk}),
        actor_data(shared_actor, name="CRESS des Hauts-de-France", territories=[own_territory.pk]),
    )
    assert response.status_code == 302
    shared_actor.refresh_from_db()
    assert shared_actor.name == "CRESS des Hauts-de-France" and names(shared_actor) == {"Beauvaisis"}
    contact = shared_actor.contacts.get()
    assert client.post(reverse("contact_edit", kwargs={"contact": contact.pk}), CONTACT).status_code == 302
    assert client.post(reverse("contact_delete", kwargs={"contact": contact.pk})).status_code == 302
    assert not shared_actor.contacts.exists()


def test_proposal_makes_an_actor_shared_and_no_longer_editable_by_its_first_referent(
    client, referent, own_actor, other_territory, other_referent
):
    """The other territory’s referent proposes the Beauvaisis actor: from then on, only coordinators edit it."""
    assert referent.has_perm("territories.change_actor", own_actor)
    assert not other_referent.has_perm("territories.change_actor", own_actor)
    actor_propose_for_territory(actor=own_actor, territory=other_territory, by=other_referent)
    assert names(own_actor) == {"Beauvaisis", "Amiens Métropole"}
    for user in (referent, other_referent):
        assert not user.has_perm("territories.change_actor", own_actor)
        assert not user.has_perm("territories.change_contacts", own_actor)
        assert user.has_perm("territories.view_contacts", own_actor)
    client.force_login(referent)
    assert client.get(reverse("actor_edit", kwargs={"actor": own_actor.pk})).status_code == 403


# The territories a referent may tick


def test_referent_form_offers_only_their_territories(client, referent, own_actor, own_territory, other_territory):
    client.force_login(referent)
    for url in (reverse("actor_create"), reverse("actor_edit", kwargs={"actor": own_actor.pk})):
        form = client.get(url).context["form"]
        assert list(form.fields["territories"].queryset) == [own_territory]


def test_referent_cannot_add_someone_elses_territory_to_their_actor(
    client, referent, own_actor, own_territory, other_territory
):
    client.force_login(referent)
    response = client.post(
        reverse("actor_edit", kwargs={"actor": own_actor.pk}),
        actor_data(own_actor, name="Recyclerie étendue", territories=[own_territory.pk, other_territory.pk]),
    )
    assert response.status_code == 200
    assert "Vous ne pouvez ajouter ou retirer que les territoires" in text(response)
    own_actor.refresh_from_db()
    assert own_actor.name == "Recyclerie du Beauvaisis" and names(own_actor) == {"Beauvaisis"}
    # The service holds the rule too, whatever form calls it.
    with pytest.raises(ValidationError) as error:
        actor_update(
            actor=own_actor, by=referent, expected_version=1, territories=[own_territory, other_territory], name="X"
        )
    assert "Vous ne pouvez ajouter ou retirer que les territoires" in str(error.value)
    own_actor.refresh_from_db()
    assert own_actor.name == "Recyclerie du Beauvaisis" and names(own_actor) == {"Beauvaisis"}


def test_referent_cannot_create_an_actor_in_someone_elses_territory(client, referent, own_territory, other_territory):
    client.force_login(referent)
    response = client.post(
        reverse("actor_create"),
        {
            "name": "Épicerie solidaire",
            "kind": Actor.Kind.ASSOCIATION,
            "territories": [own_territory.pk, other_territory.pk],
        },
    )
    assert response.status_code == 200
    assert "territories" in response.context["form"].errors
    assert not Actor.objects.filter(name="Épicerie solidaire").exists()


def test_referent_moves_their_actor_between_their_own_territories(
    client, referent, own_actor, own_territory, second_own_territory
):
    client.force_login(referent)
    response = client.post(
        reverse("actor_edit", kwargs={"actor": own_actor.pk}),
        actor_data(own_actor, territories=[second_own_territory.pk]),
    )
    assert response.status_code == 302
    assert names(own_actor) == {"Nogent-sur-Oise"}


def test_referent_cannot_leave_their_actor_in_no_territory(client, referent, own_actor):
    client.force_login(referent)
    response = client.post(
        reverse("actor_edit", kwargs={"actor": own_actor.pk}), actor_data(own_actor, name="Orphelin", territories=[])
    )
    assert response.status_code == 200
    assert "Cochez au moins un des territoires dont votre structure est l’acteur référent" in text(response)
    own_actor.refresh_from_db()
    assert own_actor.name == "Recyclerie du Beauvaisis" and names(own_actor) == {"Beauvaisis"}


# Actors with no territory, and organisations tied to a territory by its referent or driving authority


def test_actor_with_no_territory_is_edited_by_coordinators_only(client, referent, coordinator):
    actor = ActorFactory(name="Structure sans territoire", kind=Actor.Kind.ASSOCIATION)
    assert not referent.has_perm("territories.change_actor", actor)
    assert not referent.has_perm("territories.change_contacts", actor)
    assert coordinator.has_perm("territories.change_actor", actor)
    client.force_login(referent)
    assert client.get(reverse("actor_edit", kwargs={"actor": actor.pk})).status_code == 403


def test_referent_edits_their_own_organisation_only_when_no_other_territory_shares_it(
    client, referent, own_territory, other_territory
):
    organisation = referent.organisation
    # It refers the Beauvaisis and works there only: its staff keep its record up to date.
    organisation.territories.set([own_territory])
    assert referent.has_perm("territories.change_actor", organisation)
    # Once it also works in Amiens, the referent of Amiens has a say: coordinators edit it.
    organisation.territories.add(other_territory)
    assert not referent.has_perm("territories.change_actor", organisation)
    client.force_login(referent)
    assert client.get(reverse("actor_edit", kwargs={"actor": organisation.pk})).status_code == 403


def test_another_territorys_referent_actor_stays_out_of_reach_after_a_proposal(
    referent, own_territory, other_territory
):
    """The referent actor of Amiens is tied to Amiens even when nobody ticked Amiens among its territories."""
    amiens_referent = other_territory.referent_actor
    amiens_authority = other_territory.driving_authority
    for actor in (amiens_referent, amiens_authority):
        assert not actor.territories.exists()
        actor_propose_for_territory(actor=actor, territory=own_territory, by=referent)
        assert names(actor) == {"Beauvaisis"}
        assert not referent.has_perm("territories.change_actor", actor)
        assert not referent.has_perm("territories.change_contacts", actor)


# Cooperations: each lies in one territory, whatever territories its actors work in


@pytest.fixture
def actor_of_other_territory(other_territory):
    actor = ActorFactory(name="Garage solidaire d’Amiens", kind=Actor.Kind.ESS_ENTERPRISE)
    actor.territories.add(other_territory)
    return actor


def cooperation_data(territory, actors, **overrides):
    return {
        "title": "Conciergerie solidaire",
        "actors": [actor.pk for actor in actors],
        "territory": territory.pk,
        "description": "Une conciergerie tenue ensemble.",
        "since": "2024-09-01",
        # The version an edit form was opened on; a creation form ignores it.
        "version": 1,
        **overrides,
    }


def test_referent_cannot_change_a_cooperation_of_another_territory_between_their_actors(
    client, referent, shared_actor, own_actor, other_territory
):
    """Both actors work in the referent’s territory, but the cooperation is recorded on Amiens."""
    cooperation = CooperationFactory(title="Atelier vélo", territory=other_territory, actors=[shared_actor, own_actor])
    client.force_login(referent)
    detail = text(client.get(reverse("cooperation_detail", kwargs={"cooperation": cooperation.pk})))
    url = reverse("cooperation_edit", kwargs={"cooperation": cooperation.pk})
    assert url not in detail
    assert client.get(url).status_code == 403
    assert client.post(url, cooperation_data(other_territory, [shared_actor, own_actor])).status_code == 403
    cooperation.refresh_from_db()
    assert cooperation.title == "Atelier vélo" and cooperation.territory == other_territory


def test_referent_changes_their_territorys_cooperation_with_outside_actors_but_not_the_actors(
    client, referent, shared_actor, actor_of_other_territory, own_territory, other_territory
):
    cooperation = CooperationFactory(
        title="Jardin partagé", territory=own_territory, actors=[shared_actor, actor_of_other_territory]
    )
    client.force_login(referent)
    url = reverse("cooperation_edit", kwargs={"cooperation": cooperation.pk})
    assert url in text(client.get(reverse("cooperation_detail", kwargs={"cooperation": cooperation.pk})))
    actors = [shared_actor, actor_of_other_territory]
    assert client.post(url, cooperation_data(own_territory, actors, title="Jardin élargi")).status_code == 302
    cooperation.refresh_from_db()
    assert cooperation.title == "Jardin élargi"
    # The cooperation is theirs; the actors it links are not changed by it.
    assert names(shared_actor) == {"Beauvaisis", "Amiens Métropole"} and names(actor_of_other_territory) == {
        "Amiens Métropole"
    }
    # Nor may they move it to a territory they do not refer.
    response = client.post(url, cooperation_data(other_territory, actors, title="Déplacé"))
    assert response.status_code == 200
    cooperation.refresh_from_db()
    assert cooperation.territory == own_territory and cooperation.title == "Jardin élargi"


def test_coordinator_and_referent_of_the_cooperations_territory_change_it(
    client, coordinator, referent_of_both, shared_actor, actor_of_other_territory, other_territory
):
    cooperation = CooperationFactory(territory=other_territory, actors=[shared_actor, actor_of_other_territory])
    url = reverse("cooperation_edit", kwargs={"cooperation": cooperation.pk})
    for user, title in [(coordinator, "Par la coordination"), (referent_of_both, "Par le référent")]:
        client.force_login(user)
        version = Cooperation.objects.get(pk=cooperation.pk).version  # each opens the form afresh
        actors = [shared_actor, actor_of_other_territory]
        response = client.post(url, cooperation_data(other_territory, actors, title=title, version=version))
        assert response.status_code == 302
        assert Cooperation.objects.get(pk=cooperation.pk).title == title
