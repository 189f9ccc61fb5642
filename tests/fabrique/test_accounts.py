"""Email login through django-allauth, no public sign-up, password reset, rate limits and TOTP."""

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from core.roles import Role
from fabrique.models import User

from .factories import PASSWORD, UserFactory


def test_login_with_email(client, coordinator):
    response = client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == coordinator


def test_wrong_password_is_refused_in_french(client, coordinator):
    response = client.post(reverse("account_login"), {"login": coordinator.email, "password": "faux"})
    assert response.status_code == 200
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in response.content.decode()


def test_unverified_email_cannot_log_in(client, db):
    user = User.objects.create_user(email="nonverifie@exemple.fr", password=PASSWORD, role=Role.PARTNER)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "/confirm-email/" in response["Location"] or "verification" in response["Location"]
    assert client.get(reverse("home")).context["user"].is_anonymous


@pytest.mark.django_db
def test_public_sign_up_is_closed(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "intrus@exemple.fr", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert not User.objects.filter(email="intrus@exemple.fr").exists()
    assert "Inscriptions fermées" in response.content.decode()


def test_password_reset_sends_an_email(client, partner):
    response = client.post(reverse("account_reset_password"), {"email": partner.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and partner.email in mail.outbox[0].to


def test_login_rate_limit_is_on(client, coordinator):
    for _attempt in range(5):
        client.post(reverse("account_login"), {"login": coordinator.email, "password": "faux"})
    response = client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert client.get(reverse("home")).context["user"].is_anonymous


def test_logout(client, partner):
    client.force_login(partner)
    client.post(reverse("account_logout"))
    assert client.get(reverse("home")).context["user"].is_anonymous


def sign_in(client, user):
    """A real login, then the password again: allauth asks for it before TOTP enrolment."""
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


def test_totp_is_offered_to_every_user(client, partner):
    sign_in(client, partner)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert "otpauth://" in response.content.decode() or "svg" in response.content.decode()


class TestTOTPRequiredForCoordinators:
    @pytest.fixture(autouse=True)
    def required(self, settings):
        settings.MFA_REQUIRED_FOR_COORDINATORS = True

    def test_coordinator_without_totp_is_sent_to_enrolment(self, client, coordinator):
        sign_in(client, coordinator)
        response = client.get(reverse("invitation_list"))
        assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
        assert client.get(reverse("mfa_activate_totp")).status_code == 200

    def test_coordinator_with_totp_goes_through(self, client, coordinator):
        Authenticator.objects.create(user=coordinator, type=Authenticator.Type.TOTP, data={"secret": "x"})
        client.force_login(coordinator)
        assert client.get(reverse("invitation_list")).status_code == 200

    @pytest.mark.parametrize("role", [Role.REFERENT, Role.PARTNER])
    def test_other_roles_are_not_forced(self, db, client, role):
        client.force_login(UserFactory(role=role))
        assert client.get(reverse("home")).status_code == 200


def test_totp_requirement_is_off_by_default_in_development(db, settings):
    # The suite runs with DJANGO_DEBUG=1, the development profile.
    assert settings.MFA_REQUIRED_FOR_COORDINATORS is False


def test_password_change(client, partner):
    sign_in(client, partner)
    new_password = "Un-nouveau-mot-de-passe-2026"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.check_password(new_password)


def test_password_change_refuses_a_wrong_current_password(client, partner):
    sign_in(client, partner)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "faux", "password1": "Un-nouveau-mot-2026", "password2": "Un-nouveau-mot-2026"},
    )
    assert response.status_code == 200
    assert "Merci d&#x27;indiquer votre mot de passe actuel." in response.content.decode()
    partner.refresh_from_db()
    assert partner.check_password(PASSWORD)
