"""Invitations: who may invite whom, the one-time 7-day link, listing and revoking."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from core.roles import Role
from fabrique.models import Invitation, User

from ..territories.factories import ActorFactory
from .factories import UserFactory

NEW_PASSWORD = "Un-mot-de-passe-solide-2026"


def invite(client, **data):
    with_defaults = {"email": "nouvelle@exemple.fr", "role": Role.REFERENT, **data}
    return client.post(reverse("invitation_create"), with_defaults)


def link_from_mail():
    match = re.search(r"http://testserver(/invitation/[^/\s]+/)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


@pytest.fixture
def captured(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_coordinator_invites_to_any_organisation_and_role(client, coordinator, captured):
    funder = ActorFactory(name="Financeur invité")
    client.force_login(coordinator)
    with captured(execute=True):
        response = invite(client, organisation=funder.pk, role=Role.PARTNER, email="Finance@Exemple.fr")
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.organisation, invitation.role) == ("finance@exemple.fr", funder, "partner")
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["finance@exemple.fr"]
    assert "7 jours" in mail.outbox[0].body
    # The email is a mandatory notification, sent by its job, in French with an HTML part and the link button.
    notification = Notification.objects.get(kind="invitation")
    assert (notification.to, notification.status) == ("finance@exemple.fr", Notification.Status.SENT)
    html = mail.outbox[0].alternatives[0][0]
    assert "Créer mon compte" in html and "Gérer mes notifications" in html
    # The token is in the link only, never stored in clear: the notification's body is erased once sent.
    token = link_from_mail().split("/")[2]
    assert token in html
    assert token not in invitation.token_hash
    assert token not in notification.text + notification.html + notification.link


def test_referent_invites_a_colleague_into_own_organisation(client, referent, captured):
    client.force_login(referent)
    with captured(execute=True):
        response = invite(client, organisation=referent.organisation.pk)
    assert response.status_code == 302
    assert Invitation.objects.get().organisation == referent.organisation


def test_referent_cannot_invite_into_another_organisation(client, referent):
    other = ActorFactory(name="Autre structure")
    client.force_login(referent)
    response = invite(client, organisation=other.pk)
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_referent_cannot_invite_a_coordinator(client, referent):
    client.force_login(referent)
    response = invite(client, organisation=referent.organisation.pk, role=Role.COORDINATOR)
    assert "role" in response.context["form"].errors
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("fixture", ["partner", "staff"])
def test_partner_and_staff_cannot_invite(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("invitation_create")).status_code == 403
    assert client.post(reverse("invitation_create"), {"email": "x@exemple.fr"}).status_code == 403
    assert not Invitation.objects.exists()


def test_bad_email_gives_a_french_message_and_saves_nothing(client, coordinator):
    client.force_login(coordinator)
    response = invite(client, email="pas-une-adresse", organisation=coordinator.organisation.pk)
    assert "Saisissez une adresse de courriel valide." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_existing_account_cannot_be_invited(client, coordinator, partner):
    client.force_login(coordinator)
    response = invite(client, email=partner.email.upper(), organisation=coordinator.organisation.pk)
    assert "Un compte existe déjà avec cette adresse e-mail." in response.content.decode()
    assert not Invitation.objects.exists()


def test_accepting_creates_the_account_once(client, coordinator, captured):
    client.force_login(coordinator)
    with captured(execute=True):
        invite(client, organisation=coordinator.organisation.pk, role=Role.PARTNER)
    link = link_from_mail()
    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and "nouvelle@exemple.fr" in page.content.decode()
    data = {"first_name": "Alix", "last_name": "Nouvel", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    response = client.post(link, data)
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@exemple.fr")
    assert (user.role, user.organisation, user.first_name) == ("partner", coordinator.organisation, "Alix")
    assert EmailAddress.objects.get(user=user).verified
    assert Invitation.objects.get().status == "accepted"
    # The user is signed in, and the link does not work a second time.
    assert client.get(reverse("home")).context["user"] == user
    client.logout()
    assert client.get(link).status_code == 410
    assert client.post(link, data).status_code == 410
    assert User.objects.filter(email="nouvelle@exemple.fr").count() == 1


def test_expired_link_is_refused(client, coordinator, captured):
    client.force_login(coordinator)
    with captured(execute=True):
        invite(client, organisation=coordinator.organisation.pk)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client.logout()
    response = client.get(link_from_mail())
    assert response.status_code == 410
    assert "n’est plus valable" in response.content.decode()


def test_accept_form_rejects_mismatched_and_weak_passwords(client, coordinator, captured):
    client.force_login(coordinator)
    with captured(execute=True):
        invite(client, organisation=coordinator.organisation.pk)
    link = link_from_mail()
    client.logout()
    response = client.post(link, {"first_name": "A", "last_name": "B", "password1": NEW_PASSWORD, "password2": "autre"})
    assert "Les deux mots de passe ne correspondent pas." in response.content.decode()
    response = client.post(link, {"first_name": "A", "last_name": "B", "password1": "court", "password2": "court"})
    assert "Ce mot de passe est trop court." in response.content.decode()
    assert not User.objects.filter(email="nouvelle@exemple.fr").exists()
    assert Invitation.objects.get().status == "pending"


def test_list_shows_pending_invitations_to_the_right_people(client, coordinator, referent, captured):
    client.force_login(coordinator)
    with captured(execute=True):
        invite(client, organisation=coordinator.organisation.pk, email="cress@exemple.fr")
    client.get(reverse("home"))
    client.force_login(referent)
    with captured(execute=True):
        invite(client, organisation=referent.organisation.pk, email="collegue@exemple.fr")
    client.get(reverse("home"))  # consumes the flash messages, which name the addresses
    page = client.get(reverse("invitation_list")).content.decode()
    assert "collegue@exemple.fr" in page and "cress@exemple.fr" not in page
    client.force_login(coordinator)
    page = client.get(reverse("invitation_list")).content.decode()
    assert "collegue@exemple.fr" in page and "cress@exemple.fr" in page


def test_invitation_list_query_budget(client, coordinator, django_assert_max_num_queries):
    for index in range(30):
        Invitation.objects.create(
            email=f"p{index}@exemple.fr",
            organisation=ActorFactory(name=f"Org {index}"),
            role=Role.PARTNER,
            invited_by=coordinator,
            token_hash=f"{index:064d}",
            expires_at=timezone.now() + timedelta(days=7),
        )
    client.force_login(coordinator)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("invitation_list"))
    assert response.content.decode().count("p2") >= 1


def test_invitation_list_is_paginated(client, coordinator):
    for index in range(30):
        Invitation.objects.create(
            email=f"personne{index:02d}@exemple.fr",
            organisation=coordinator.organisation,
            role=Role.PARTNER,
            invited_by=coordinator,
            token_hash=f"{index:064d}",
            created_at=timezone.now() - timedelta(minutes=index),
            expires_at=timezone.now() + timedelta(days=7),
        )
    client.force_login(coordinator)
    first = client.get(reverse("invitation_list")).content.decode()
    second = client.get(reverse("invitation_list"), {"page": 2}).content.decode()
    assert first.count("@exemple.fr</td>") == 25 and "personne00@" in first and "personne29@" not in first
    assert "Page 2 sur 2" in second and "personne29@" in second and "personne00@" not in second


def test_revoke(client, coordinator, referent, captured):
    client.force_login(referent)
    with captured(execute=True):
        invite(client, organisation=referent.organisation.pk)
    invitation = Invitation.objects.get()
    link = link_from_mail()
    # Another referent's organisation cannot see it, let alone revoke it.
    client.force_login(UserFactory(role=Role.REFERENT))
    assert client.post(reverse("invitation_revoke", args=[invitation.pk])).status_code == 404
    client.force_login(coordinator)
    assert client.post(reverse("invitation_revoke", args=[invitation.pk])).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    client.logout()
    assert client.get(link).status_code == 410


def test_partner_cannot_revoke(client, partner, coordinator):
    invitation = Invitation.objects.create(
        email="x@exemple.fr",
        organisation=partner.organisation,
        role=Role.PARTNER,
        invited_by=coordinator,
        token_hash="a" * 64,
        expires_at=timezone.now() + timedelta(days=7),
    )
    client.force_login(partner)
    assert client.post(reverse("invitation_revoke", args=[invitation.pk])).status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == "pending"
