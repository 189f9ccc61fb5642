"""The perimeter autocomplete: EPCI and communes of the real official data, by name or code."""

import re

import pytest
from django.db.models import Sum
from django.urls import reverse

from core.roles import Role
from territories.models import Commune

from ..fabrique.factories import UserFactory
from ..helpers import text

URL = reverse("perimeter_search")


def suggestions(client, query):
    page = text(client.get(URL, {"q": query}))
    # Thousands are separated by a (narrow) no-break space in French: read them as plain spaces.
    lines = re.findall(r'<li[^>]*role="option"[^>]*>(.*?)</li>', page.replace("\u202f", " ").replace("\xa0", " "), re.S)
    return [" ".join(line.split()) for line in lines], page


def thousands(number):
    return f"{number:,}".replace(",", " ")


@pytest.mark.parametrize(
    "role, expected",
    [(Role.COORDINATOR, 200), (Role.REFERENT, 200), (Role.PARTNER, 403), (Role.STAFF, 403)],
)
def test_search_per_role(client, db, role, expected):
    client.force_login(UserFactory(role=role))
    assert client.get(URL, {"q": "amiens"}).status_code == expected


def test_search_sends_anonymous_to_login(client, db):
    response = client.get(URL, {"q": "amiens"})
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_search_by_name_lists_epci_first_with_code_kind_and_population(client, referent, official_territories):
    client.force_login(referent)
    found, page = suggestions(client, "amiens")
    epci_population = Commune.objects.filter(epci__siren="248000531").aggregate(total=Sum("population"))["total"]
    amiens = Commune.objects.get(code="80021")
    assert found[0] == f"CA Amiens Métropole (248000531) — EPCI, {thousands(epci_population)} hab."
    assert found[1] == f"Amiens (80021) — commune, {thousands(amiens.population)} hab."
    assert 'data-perimeter-code="248000531"' in page and 'data-perimeter-code="80021"' in page


def test_search_by_code(client, coordinator, official_territories):
    client.force_login(coordinator)
    found, _page = suggestions(client, "60463")
    assert len(found) == 1 and found[0].startswith("Nogent-sur-Oise (60463) — commune, ")
    found, _page = suggestions(client, "200067999")
    assert len(found) == 1 and found[0].startswith("CA du Beauvaisis (200067999) — EPCI, ")


def test_search_ignores_case_and_returns_at_most_fifteen(client, coordinator, official_territories):
    client.force_login(coordinator)
    found, _page = suggestions(client, "SUR-")
    assert Commune.objects.filter(name__icontains="sur-").count() > 15
    assert len(found) == 15
    assert all("sur-" in line.lower() for line in found)


def test_short_or_unmatched_queries(client, coordinator, official_territories):
    client.force_login(coordinator)
    found, page = suggestions(client, "a")
    assert found == [] and "Aucun" not in page
    found, page = suggestions(client, "zzzz")
    assert found == [] and "Aucun EPCI ni aucune commune ne correspond à «\u00a0zzzz\u00a0»." in page


def test_the_query_is_escaped(client, coordinator, db):
    client.force_login(coordinator)
    page = client.get(URL, {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>" not in page and "&lt;script&gt;" in page
