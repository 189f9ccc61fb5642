"""Contact persons of an actor: personal data, managed by coordinators and the referents of its territories."""

import pytest
from django.urls import reverse

from territories.models import Contact

from ..helpers import text
from .factories import ContactFactory

pytestmark = pytest.mark.django_db

# "version": the version an edit form was opened on; a creation form ignores it.
CONTACT = {
    "name": "Alix Moreau",
    "role": "Directrice",
    "email": "alix@structure.fr",
    "phone": "+33 3 44 00 00 00",
    "version": 1,
}


@pytest.mark.parametrize("role", ["coordinator", "referent"])
def test_coordinator_and_referent_add_a_contact(client, request, role, own_actor):
    client.force_login(request.getfixturevalue(role))
    url = reverse("contact_create", kwargs={"actor": own_actor.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, CONTACT)
    assert response.status_code == 302
    assert response["Location"] == reverse("actor_detail", kwargs={"actor": own_actor.pk})
    contact = Contact.objects.get()
    assert (contact.actor, contact.name, contact.email) == (own_actor, "Alix Moreau", "alix@structure.fr")


def test_referent_cannot_add_a_contact_to_another_territorys_actor(client, referent, other_actor):
    client.force_login(referent)
    url = reverse("contact_create", kwargs={"actor": other_actor.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, CONTACT).status_code == 403
    assert not Contact.objects.exists()


@pytest.mark.parametrize("role", ["partner", "staff"])
def test_partner_and_staff_cannot_add_a_contact(client, request, role, own_actor):
    client.force_login(request.getfixturevalue(role))
    assert client.post(reverse("contact_create", kwargs={"actor": own_actor.pk}), CONTACT).status_code == 403
    assert not Contact.objects.exists()


def test_anonymous_is_sent_to_login(client, own_actor):
    response = client.post(reverse("contact_create", kwargs={"actor": own_actor.pk}), CONTACT)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Ce champ est obligatoire."),
        ("email", "pas-une-adresse", "Saisissez une adresse de courriel valide."),
        ("phone", "appelez-moi", "Saisissez un numéro de téléphone valide."),
    ],
)
def test_bad_contact_input_is_refused(client, coordinator, own_actor, field, value, message):
    client.force_login(coordinator)
    response = client.post(reverse("contact_create", kwargs={"actor": own_actor.pk}), {**CONTACT, field: value})
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert message in text(response)
    assert not Contact.objects.exists()


def test_referent_edits_a_contact_of_their_territory(client, referent, own_actor):
    contact = ContactFactory(actor=own_actor)
    client.force_login(referent)
    url = reverse("contact_edit", kwargs={"contact": contact.pk})
    assert client.get(url).status_code == 200
    assert client.post(url, {**CONTACT, "name": "Nom corrigé"}).status_code == 302
    contact.refresh_from_db()
    assert contact.name == "Nom corrigé" and contact.email == "alix@structure.fr"


def test_bad_edit_saves_nothing(client, coordinator, own_actor):
    contact = ContactFactory(actor=own_actor, email="avant@structure.fr")
    client.force_login(coordinator)
    response = client.post(reverse("contact_edit", kwargs={"contact": contact.pk}), {**CONTACT, "email": "x@"})
    assert "Saisissez une adresse de courriel valide." in text(response)
    contact.refresh_from_db()
    assert contact.email == "avant@structure.fr"


@pytest.mark.parametrize("role", ["referent", "partner", "staff"])
def test_others_cannot_edit_a_contact(client, request, role, other_actor):
    contact = ContactFactory(actor=other_actor, name="Inchangé")
    client.force_login(request.getfixturevalue(role))
    url = reverse("contact_edit", kwargs={"contact": contact.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, CONTACT).status_code == 403
    contact.refresh_from_db()
    assert contact.name == "Inchangé"


@pytest.mark.parametrize("role", ["coordinator", "referent"])
def test_delete_a_contact(client, request, role, own_actor):
    contact = ContactFactory(actor=own_actor)
    client.force_login(request.getfixturevalue(role))
    response = client.post(reverse("contact_delete", kwargs={"contact": contact.pk}))
    assert response.status_code == 302
    assert response["Location"] == reverse("actor_detail", kwargs={"actor": own_actor.pk})
    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_delete_needs_a_post(client, coordinator, own_actor):
    contact = ContactFactory(actor=own_actor)
    client.force_login(coordinator)
    assert client.get(reverse("contact_delete", kwargs={"contact": contact.pk})).status_code == 405
    assert Contact.objects.filter(pk=contact.pk).exists()


@pytest.mark.parametrize("role", ["referent", "partner", "staff", None])
def test_others_cannot_delete_a_contact(client, request, role, other_actor):
    contact = ContactFactory(actor=other_actor)
    if role:
        client.force_login(request.getfixturevalue(role))
    response = client.post(reverse("contact_delete", kwargs={"contact": contact.pk}))
    assert response.status_code == (403 if role else 302)
    assert Contact.objects.filter(pk=contact.pk).exists()
