"""The list of engaged territories: access per role, filters, sorting, pagination, exports, query budget."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.roles import Role
from territories.models import Commune, Departement, EngagedTerritory, Region
from territories.services.engaged import territory_create

from ..fabrique.factories import UserFactory
from ..helpers import response_bytes, text
from .factories import ActorFactory, EngagedTerritoryFactory

URL = reverse("territory_list")


def pilot(name, codes, **fields):
    fields.setdefault("status", "engaged")
    return territory_create(by=None, perimeter_codes=codes, name=name, **fields)


@pytest.mark.parametrize(
    "role, expected, sees_create",
    [(Role.COORDINATOR, 200, True), (Role.REFERENT, 200, False), (Role.PARTNER, 200, False), (Role.STAFF, 403, False)],
)
def test_list_per_role(client, db, role, expected, sees_create):
    EngagedTerritoryFactory(name="CA du Beauvaisis")
    client.force_login(UserFactory(role=role))
    response = client.get(URL)
    assert response.status_code == expected
    if expected == 200:
        page = text(response)
        assert "CA du Beauvaisis" in page
        assert (reverse("territory_create") in page) is sees_create


def test_list_sends_anonymous_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    response = client.get(URL + "?export=csv")
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_staff_cannot_export(client, staff):
    client.force_login(staff)
    assert client.get(URL + "?export=xlsx").status_code == 403


def test_filter_by_status_and_text(client, partner):
    EngagedTerritoryFactory(name="Pays du Vermandois", status="candidate")
    EngagedTerritoryFactory(name="Sud de l'Aisne", status="active", description="Château-Thierry et Charly")
    EngagedTerritoryFactory(
        name="Nogent-sur-Oise", status="active", referent_actor=ActorFactory(name="Couveuse Oise Active")
    )
    client.force_login(partner)
    page = text(client.get(URL, {"status": "active"}))
    assert "Sud de l'Aisne" in page and "Nogent-sur-Oise" in page and "Pays du Vermandois" not in page
    page = text(client.get(URL, {"q": "charly"}))
    assert "Sud de l'Aisne" in page and "Nogent-sur-Oise" not in page
    page = text(client.get(URL, {"q": "couveuse"}))
    assert "Nogent-sur-Oise" in page and "Sud de l'Aisne" not in page


def test_filter_by_departement_through_epci_or_commune(client, partner, official_territories):
    pilot("Amiens Métropole", ["248000531"])
    pilot("Nogent-sur-Oise", ["60463"])
    pilot("Sud de l'Aisne", ["200072031", "240200584"])
    client.force_login(partner)
    page = text(client.get(URL, {"departement": "80"}))
    assert "Amiens Métropole" in page and "Nogent-sur-Oise" not in page and "Sud de l'Aisne" not in page
    page = text(client.get(URL, {"departement": "60"}))
    assert "Nogent-sur-Oise" in page and "Amiens Métropole" not in page
    page = text(client.get(URL, {"departement": "02"}))
    assert "Sud de l'Aisne" in page and "1 résultat" in page


def test_sort_by_population(client, partner):
    EngagedTerritoryFactory(name="Petit", population=1_000)
    EngagedTerritoryFactory(name="Grand", population=180_000)
    EngagedTerritoryFactory(name="Moyen", population=20_000)
    client.force_login(partner)
    page = text(client.get(URL, {"tri": "-population"}))
    assert page.index("Grand") < page.index("Moyen") < page.index("Petit")
    page = text(client.get(URL, {"tri": "population"}))
    assert page.index("Petit") < page.index("Moyen") < page.index("Grand")
    assert "Trier par" in page


def test_pagination_keeps_the_filters(client, partner):
    for number in range(30):
        EngagedTerritoryFactory(name=f"Territoire actif {number:02d}", status="active")
    EngagedTerritoryFactory(name="Territoire candidat", status="candidate")
    client.force_login(partner)
    page = text(client.get(URL, {"status": "active"}))
    assert "Page 1 sur 2" in page and "30 résultats" in page
    assert "?status=active&amp;page=2" in client.get(URL, {"status": "active"}).content.decode()
    second = text(client.get(URL, {"status": "active", "page": 2}))
    assert "Territoire actif 29" in second and "Territoire candidat" not in second


def test_csv_export_of_the_filtered_rows(client, partner, official_territories):
    authority = ActorFactory(name="Ville de Nogent-sur-Oise")
    referent_actor = ActorFactory(name="BGE Oise")
    pilot(
        "Nogent-sur-Oise",
        ["60463"],
        status="active",
        driving_authority=authority,
        referent_actor=referent_actor,
        application_date=datetime.date(2012, 1, 10),
        today=datetime.date(2012, 6, 1),
    )
    pilot("Amiens Métropole", ["248000531"], status="candidate")
    client.force_login(partner)
    response = client.get(URL, {"status": "active", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="territoires-')
    content = response_bytes(response).decode("utf-8")
    assert content.startswith("\ufeff")
    lines = content.lstrip("\ufeff").strip().split("\r\n")
    assert lines[0] == (
        "Nom;Statut;Population;Nombre de communes;Collectivité motrice;Acteur référent;Date de candidature;"
        "Date de sélection;Date de lancement;Convention de partenariat signée le;Date de clôture"
    )
    nogent = EngagedTerritory.objects.get(name="Nogent-sur-Oise")
    assert lines[1:] == [
        f"Nogent-sur-Oise;actif;{nogent.population};1;Ville de Nogent-sur-Oise;BGE Oise;10/01/2012;;01/06/2012;;"
    ]


def test_xlsx_export_of_the_filtered_rows(client, referent):
    EngagedTerritoryFactory(name="Pays du Vermandois", status="engaged", population=55_000, commune_count=54)
    EngagedTerritoryFactory(name="Autre", status="closed")
    client.force_login(referent)
    response = client.get(URL, {"status": "engaged", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response_bytes(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Nom", "Statut", "Population", "Nombre de communes")
    assert [row[:4] for row in rows[1:]] == [("Pays du Vermandois", "engagé", 55000, 54)]


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_budget_does_not_grow_with_rows(client, coordinator, django_assert_max_num_queries, count):
    somme = Departement.objects.create(code="80", name="Somme", region=Region.objects.create(code="32", name="HdF"))
    amiens = Commune.objects.create(code="80021", name="Amiens", departement=somme, population=100)
    for _number in range(count):
        EngagedTerritoryFactory().communes.add(amiens)
    client.force_login(coordinator)
    with django_assert_max_num_queries(6):
        response = client.get(URL, {"departement": "80", "q": "Territoire", "tri": "-population"})
    assert response.context["listing"].page.paginator.count == count
    with django_assert_max_num_queries(4):
        response = client.get(URL, {"export": "xlsx", "departement": "80"})
    assert len(list(load_workbook(io.BytesIO(response_bytes(response))).active.iter_rows())) == count + 1
