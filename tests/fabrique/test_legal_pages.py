"""The pages every French public site has: legal notice, accessibility statement, personal data, contact; open
to everyone, linked from every page's footer, naming the contact address of the settings."""

import pytest
from django.urls import reverse

from core.access import PUBLIC
from core.roles import Role

from ..helpers import text
from .factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "legal_notice": ("/mentions-legales/", "Mentions légales"),
    "accessibility": ("/accessibilite/", "Déclaration d’accessibilité"),
    "personal_data": ("/donnees-personnelles/", "Données personnelles"),
    "contact": ("/contact/", "Contact"),
}


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", [None, Role.COORDINATOR, Role.REFERENT, Role.PARTNER, Role.STAFF])
def test_legal_pages_open_to_everyone(client, name, role, settings):
    settings.CONTACT_EMAIL = "ess@cress-test.example"
    if role:
        client.force_login(UserFactory(role=role))
    path, heading = PAGES[name]
    assert reverse(name) == path
    response = client.get(path)
    assert response.status_code == 200
    page = text(response)
    assert f"<h1>{heading}</h1>" in page and f"<title>{heading.replace('Contact', 'Contact')}" in page
    assert 'href="mailto:ess@cress-test.example"' in page


@pytest.mark.parametrize("name", PAGES)
def test_legal_pages_declare_the_public_policy(name):
    from django.urls import resolve

    assert resolve(reverse(name)).func.access_policy is PUBLIC


def test_every_page_links_the_legal_pages_in_its_footer(client, partner):
    for user in (None, partner):
        if user:
            client.force_login(user)
        page = text(client.get(reverse("home")))
        footer = page[page.index("<footer") :]
        for name, (path, _heading) in PAGES.items():
            assert f'href="{path}"' in footer, name
        assert "Accessibilité\u00a0: partiellement conforme" in footer


def test_contact_address_defaults_to_the_example_address():
    from django.conf import settings

    assert settings.CONTACT_EMAIL == "contact@fabrique.example"


def test_accessibility_statement_says_level_method_and_how_to_report(client):
    page = text(client.get(reverse("accessibility")))
    assert "partiellement conforme" in page and "RGAA" in page
    assert "niveau AA des WCAG\u00a02.1" in page or "niveau AA des WCAG 2.1" in page
    assert "axe-core" in page and "clavier" in page
    assert "Signaler un problème" in page and "Défenseur des droits" in page


def test_personal_data_page_says_what_why_how_long_and_how_to_ask(client):
    page = text(client.get(reverse("personal_data")))
    assert "votre nom et votre adresse e-mail, seulement si vous acceptez d’être recontacté·e" in page
    assert "le texte de votre idée" in page
    assert "jusqu’à l’examen de l’idée, et au plus 12\u00a0mois après sa clôture" in page
    assert "tant que le compte est actif" in page
    assert "l’accès à vos données" in page and "effacement" in page and "CNIL" in page
