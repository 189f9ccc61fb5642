"""The funding totals per funder by the projects' sector and the lines' status, and a referent's perimeter
(projects/filters/follow_up.py): the region by default, their territories when asked."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ..helpers import text
from ..territories.factories import ActorFactory, SectorFactory
from .factories import FundingLineFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines(own_territory, other_territory):
    sector = SectorFactory(name="Mobilité", slug="mobilite")
    region = ActorFactory(name="Région Hauts-de-France", kind="funder")
    oise = ActorFactory(name="Département de l’Oise", kind="funder")
    own = ProjectFactory(territory=own_territory, sector=sector)
    other = ProjectFactory(territory=other_territory)
    FundingLineFactory(
        project=own, funder=region, year=2025, amount_requested=10000, amount_granted=8000, status="granted"
    )
    FundingLineFactory(project=own, funder=oise, year=2025, amount_requested=3000, status="planned")
    FundingLineFactory(project=other, funder=oise, year=2025, amount_requested=5000, status="requested")
    FundingLineFactory(
        project=other, funder=region, year=2025, amount_requested=2000, amount_granted=2000, status="paid"
    )


def totals(response):
    assert response.status_code == 200
    listing = response.context["listing"]
    rows = {row["funder__name"]: (row["requested"], row["granted"]) for row in listing.rows}
    return rows, response.context["totals"]


def test_status_and_sector(client_for, coordinator, lines):
    client = client_for(coordinator)
    url = reverse("funder_totals")
    rows, sums = totals(client.get(url, {"annee": 2025, "statut": "accordees"}))
    assert rows == {"Région Hauts-de-France": (Decimal("12000"), Decimal("10000"))}
    assert sums.granted == Decimal("10000") and sums.planned == 0
    rows, sums = totals(client.get(url, {"annee": 2025, "statut": "demandees"}))
    assert set(rows) == {"Région Hauts-de-France", "Département de l’Oise"}
    assert sums.requested == Decimal("17000") and sums.planned == 0
    rows, sums = totals(client.get(url, {"annee": 2025, "filiere": "mobilite"}))
    assert sums.planned == Decimal("3000") and sums.requested == Decimal("10000") and sums.granted == Decimal("8000")
    page = text(client.get(url))
    for label in ("Filière", "Lignes", "demandées (hors prévues)", "accordées ou versées"):
        assert label in page


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"statut": "rêvées"}, "statut", "Sélectionnez un choix valide. rêvées n’en fait pas partie."),
        ({"filiere": "inconnue"}, "filiere", "Sélectionnez un choix valide. Ce choix ne fait pas partie"),
        ({"statut": "a\x00b"}, "statut", "caractère nul"),
    ],
)
def test_bad_values_are_told_in_french(client_for, coordinator, lines, params, field, message):
    response = client_for(coordinator).get(reverse("funder_totals"), params)
    assert message in text(response)
    assert response.context["listing"].filterset.form.errors[field]
    assert totals(response)[1].requested == Decimal("17000")  # nothing filtered


def test_a_referent_reads_the_region_by_default_and_their_territories_when_asked(client_for, referent, lines):
    client = client_for(referent)
    url = reverse("funder_totals")
    response = client.get(url)
    assert totals(response)[1].requested == Decimal("17000")
    assert "Cette liste montre toute la région." in text(response)
    mine = client.get(url, {"perimetre": "mes-territoires"})
    assert totals(mine)[1].requested == Decimal("10000")
    assert "Cette liste montre votre territoire\u00a0: Beauvaisis." in text(mine)
