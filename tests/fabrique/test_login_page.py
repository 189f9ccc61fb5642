"""The login and password reset pages: the platform's layout and fields, « Courriel », no sign-up link."""

from django.urls import reverse

from ..helpers import text


def test_the_login_page_is_the_platforms_own(client, db):
    page = text(client.get(reverse("account_login")))
    assert "<title>Connexion · Fabrique</title>" in page
    assert 'aria-label="Navigation principale"' in page  # the platform's layout
    assert '<label class="form-label" for="id_login">Courriel <span aria-hidden="true">*</span></label>' in page
    assert 'placeholder="Courriel"' in page and 'class="form-control"' in page
    assert "Adresse e-mail" not in page and "adresse e-mail" not in page
    assert f'<a href="{reverse("account_reset_password")}">Mot de passe oublié\u00a0?</a>' in page
    # Sign-ups are closed: no link to a page that would only say so.
    assert reverse("account_signup") not in page and "inscri" not in page.lower()


def test_a_failed_login_shows_the_error_summary(client, coordinator):
    response = client.post(reverse("account_login"), {"login": coordinator.email, "password": "faux"})
    page = text(response)
    assert "<title>Erreur — Connexion · Fabrique</title>" in page
    assert "Le formulaire contient 1 erreur<" in page
    assert "L’adresse e-mail ou le mot de passe sont incorrects." in page
    assert response.wsgi_request.user.is_anonymous


def test_an_empty_login_links_each_field(client, db):
    page = text(client.post(reverse("account_login"), {"login": "", "password": ""}))
    assert "Le formulaire contient 2 erreurs" in page
    assert '<a href="#id_login">Courriel</a>' in page and '<a href="#id_password">Mot de passe</a>' in page


def test_the_password_reset_page_asks_for_the_courriel(client, db):
    page = text(client.get(reverse("account_reset_password")))
    assert '<label class="form-label" for="id_email">Courriel <span aria-hidden="true">*</span></label>' in page
    assert 'placeholder="Courriel"' in page and "Adresse e-mail" not in page
    page = text(client.post(reverse("account_reset_password"), {"email": "pas-un-courriel"}))
    assert "Le formulaire contient 1 erreur<" in page and '<a href="#id_email">Courriel</a>' in page


def test_a_bad_reset_link_says_so(client, db):
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "mauvaise-cle"})
    page = text(client.get(url, follow=True))
    assert "Ce lien n’est plus valable" in page
