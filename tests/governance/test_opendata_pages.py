"""The open data (/donnees-ouvertes/, /api/indicators.csv, .json, datapackage.json): public, valid against its own
Table Schema, free of personal data, filtered through a form, cached until the data change, and rate-limited."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from frictionless import validate

from core.roles import Role
from governance import opendata
from governance.indicators import INDICATORS
from projects.services.projects import project_create, project_update
from tests.fabrique.factories import UserFactory
from tests.helpers import text
from tests.projects.factories import JournalEntryFactory, ProjectFactory
from tests.territories.factories import EngagedTerritoryFactory, SectorFactory

from .indicator_data import YEAR, known_year

pytestmark = pytest.mark.django_db

PAGE = reverse("opendata_index")
CSV_URL = reverse("indicators_csv")
JSON_URL = reverse("indicators_json")
PACKAGE_URL = reverse("datapackage")
API_URLS = [CSV_URL, JSON_URL, PACKAGE_URL]


@pytest.fixture
def data():
    return known_year()


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def row_of(rows, year, territory="ensemble", sector="ensemble"):
    [row] = [
        row for row in rows if row["annee"] == str(year) and row["territoire"] == territory and row["filiere"] == sector
    ]
    return row


def records(response):
    return response.json()["donnees"]


@pytest.mark.parametrize("url", [PAGE, *API_URLS])
@pytest.mark.parametrize("role", [None, Role.COORDINATOR, Role.REFERENT, Role.PARTNER, Role.STAFF])
def test_every_reader_and_the_public_open_the_four_urls(client, data, url, role):
    if role:
        client.force_login(UserFactory(role=role))
    response = client.get(url)
    assert response.status_code == 200
    expected = {PAGE: "text/html", CSV_URL: "text/csv", JSON_URL: "application/json", PACKAGE_URL: "application/json"}
    assert response["Content-Type"].startswith(expected[url])


@pytest.mark.parametrize("url", API_URLS)
def test_the_files_may_be_kept_by_browsers_and_proxies(client, url):
    assert client.get(url)["Cache-Control"] == "public, max-age=300"


def test_the_csv_holds_the_known_year(client, data):
    rows = csv_rows(client.get(CSV_URL))
    assert list(rows[0]) == opendata.FIELD_NAMES
    region = row_of(rows, YEAR)
    assert region["territoire_nom"] == "Ensemble des territoires"
    assert region["ideas_detected"] == "3"
    assert region["jobs_created"] == "5.5"  # a dot, never a comma
    assert region["funding_requested"] == "17000"
    assert region["median_months_to_creation"] == "8.2"
    territory = row_of(rows, YEAR, data.territory.slug)
    assert territory["territoire_nom"] == "Beauvaisis connu"
    assert territory["partners_mobilised"] == "4"
    sector = row_of(rows, YEAR, sector=data.sector.slug)
    assert sector["filiere_nom"] == "Mobilité connue"
    # Events have no sector: empty, not zero; no enterprise to measure: empty.
    assert sector["creativity_sessions"] == "" and sector["survival_3y"] == ""
    assert sector["decisions_go"] == "1"


def test_territories_carry_their_official_codes(client, official_territories):
    from territories.models import EPCI, Commune

    territory = EngagedTerritoryFactory(name="Sud de l’Aisne connu", slug="sud-aisne-connu")
    territory.epcis.set(EPCI.objects.filter(siren__in=["200072031", "240200584"]))
    territory.communes.set(Commune.objects.filter(code="60463"))
    ProjectFactory(territory=territory)
    rows = csv_rows(client.get(CSV_URL))
    row = [row for row in rows if row["territoire"] == "sud-aisne-connu"][0]
    assert row["territoire_siren"] == "200072031 240200584"
    assert row["territoire_insee"] == "60463"
    assert row["regions_insee"] == "32"
    region = [row for row in rows if row["territoire"] == "ensemble"][0]
    assert (region["territoire_siren"], region["territoire_insee"], region["regions_insee"]) == ("", "", "32")


def test_the_csv_is_valid_against_its_datapackage(client, data, tmp_path):
    descriptor = client.get(PACKAGE_URL).json()
    [resource] = descriptor["resources"]
    assert resource["path"] == "http://testserver" + CSV_URL
    assert descriptor["licenses"] == [opendata.LICENCE]
    (tmp_path / "indicateurs.csv").write_bytes(client.get(CSV_URL).content)
    resource["path"] = "indicateurs.csv"
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")

    report = validate(str(tmp_path / "datapackage.json"))

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] > 10


def test_a_csv_that_disagrees_with_the_schema_is_refused(client, data, tmp_path):
    # The check above can fail: a value of the wrong type, or a repeated key, is reported.
    descriptor = client.get(PACKAGE_URL).json()
    descriptor["resources"][0]["path"] = "indicateurs.csv"
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    lines = client.get(CSV_URL).content.decode().splitlines()
    for broken in (lines[1].replace(f"{lines[1].split(',')[0]},", "deux mille,", 1), lines[1]):
        (tmp_path / "indicateurs.csv").write_text("\n".join([*lines, broken]), encoding="utf-8")
        report = validate(str(tmp_path / "datapackage.json"))
        assert not report.valid
        assert {error[0] for error in report.flatten(["type"])} <= {"type-error", "primary-key"}


def test_the_schema_describes_each_field_from_the_indicators(client):
    descriptor = client.get(PACKAGE_URL).json()
    schema = descriptor["resources"][0]["schema"]
    assert schema["primaryKey"] == ["annee", "territoire", "filiere"]
    assert schema["missingValues"] == [""]
    fields = {field["name"]: field for field in schema["fields"]}
    assert list(fields) == opendata.FIELD_NAMES
    assert fields["annee"]["type"] == "year"
    for indicator in INDICATORS:
        field = fields[indicator.key]
        assert field["title"] == str(indicator.label)
        assert field["description"].startswith(str(indicator.definition))
        assert str(indicator.dated_by) in field["description"]
        assert field["constraints"]["minimum"] == 0
    assert fields["jobs_created"]["unit"] == "ETP" and fields["jobs_created"]["type"] == "number"
    assert fields["ideas_detected"]["type"] == "integer"
    assert fields["survival_3y"]["constraints"]["maximum"] == 100


def test_the_json_holds_the_csv_rows_and_its_metadata(client, data):
    body = client.get(JSON_URL).json()
    assert body["licence"]["name"] == "etalab-2.0"
    assert body["datapackage"] == "http://testserver" + PACKAGE_URL
    assert body["genere_le"]
    as_text = [
        {name: "" if value is None else str(value) for name, value in record.items()} for record in body["donnees"]
    ]
    assert as_text == csv_rows(client.get(CSV_URL))
    region = [record for record in body["donnees"] if record["annee"] == YEAR and record["territoire"] == "ensemble"][0]
    assert region["jobs_created"] == 5.5 and region["ideas_detected"] == 3


def test_filters_narrow_both_files(client, data):
    query = {"annee": YEAR, "territoire": data.territory.slug}
    rows = csv_rows(client.get(CSV_URL, query))
    assert rows and {(row["annee"], row["territoire"]) for row in rows} == {(str(YEAR), data.territory.slug)}
    assert {record["filiere"] for record in records(client.get(JSON_URL, query))} == {row["filiere"] for row in rows}
    sector_rows = records(client.get(JSON_URL, {"filiere": "ensemble", "territoire": "ensemble"}))
    assert len(sector_rows) == len({record["annee"] for record in sector_rows})
    # A territory that exists but has no figures: no rows, not an error.
    quiet = EngagedTerritoryFactory(slug="territoire-calme")
    assert records(client.get(JSON_URL, {"territoire": quiet.slug})) == []


def test_the_json_comes_in_pages_that_link_to_each_other(client, data, monkeypatch):
    monkeypatch.setattr(opendata, "JSON_PAGE_ROWS", 2)
    first = client.get(JSON_URL, {"annee": YEAR}).json()
    total = first["nombre_de_lignes"]
    assert total == len(csv_rows(client.get(CSV_URL, {"annee": YEAR}))) > 2
    assert first["page"] == 1 and first["pages"] == -(-total // 2) and first["page_precedente"] is None
    assert len(first["donnees"]) == 2
    assert first["fichier_complet"] == "http://testserver" + CSV_URL
    seen, body = [], first
    while True:
        seen += body["donnees"]
        if not body["page_suivante"]:
            break
        assert f"annee={YEAR}" in body["page_suivante"]
        body = client.get(body["page_suivante"]).json()
        assert body["page_precedente"]
    # Every row once, in the CSV's order.
    assert [(row["territoire"], row["filiere"]) for row in seen] == [
        (row["territoire"], row["filiere"]) for row in csv_rows(client.get(CSV_URL, {"annee": YEAR}))
    ]
    # Past the last page: no row, and the way back.
    beyond = client.get(JSON_URL, {"annee": YEAR, "page": body["pages"] + 1}).json()
    assert beyond["donnees"] == [] and beyond["page_suivante"] is None and beyond["page_precedente"]


@pytest.mark.parametrize(
    "query, field, message",
    [
        ({"annee": "deux mille"}, "annee", "Saisissez une année entre 1900 et 2100."),
        ({"page": "0"}, "page", "Page inconnue"),
        ({"page": "deux"}, "page", "Page inconnue"),
        ({"annee": "10000"}, "annee", "Saisissez une année entre 1900 et 2100."),
        ({"territoire": "atlantide"}, "territoire", "Territoire inconnu"),
        ({"territoire": "x" * 5000}, "territoire", "Territoire inconnu"),
        ({"filiere": "a\x00b"}, "filiere", "caractère nul"),
        ({"filiere": "pêche"}, "filiere", "Filière inconnue"),
    ],
)
def test_bad_filters_answer_400_in_french(client, data, query, field, message):
    response = client.get(JSON_URL, query)
    assert response.status_code == 400
    assert message in response.json()["erreurs"][field][0]
    response = client.get(CSV_URL, query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert f"{field}\u00a0: " in response.content.decode() and message in response.content.decode()
    assert "public" not in response.get("Cache-Control", "")


def test_no_personal_data_nor_internal_note_nor_title_in_any_output(client, data):
    JournalEntryFactory(project=data.projects["p2"], text="Mémo réservé à l’équipe.", is_internal=True)
    secrets = [
        "Jeanne Secrète",
        "jeanne.secrete@example.org",
        "06 11 22 33 44",
        "Garage solidaire",
        "Note interne confidentielle",
        "Mémo réservé",
        "Marché trop étroit",
    ]
    secrets += [project.title for project in ProjectFactory._meta.model.objects.all()]
    secrets += [project.reference for project in ProjectFactory._meta.model.objects.all()]
    for url in [PAGE, *API_URLS]:
        body = client.get(url).content.decode()
        for secret in secrets:
            assert secret not in body, (url, secret)


def test_a_change_shows_at_once(client, data, coordinator):
    this_year = timezone.localdate().year

    def ideas(sector="ensemble"):
        rows = records(client.get(JSON_URL, {"annee": this_year, "territoire": data.territory.slug}))
        return {row["filiere"]: row["ideas_detected"] for row in rows}.get(sector, 0)

    before = ideas()
    project = project_create(by=coordinator, territory=data.territory, title="Épicerie itinérante", origin="diagnosis")
    assert ideas() == before + 1
    assert ideas(data.sector.slug) == 0
    project_update(project=project, by=coordinator, expected_version=project.version, sector=data.sector)
    assert ideas(data.sector.slug) == 1


def test_the_page_lists_the_files_the_licence_and_every_field(client):
    response = client.get(PAGE)
    page = text(response)
    for url in API_URLS:
        assert f'href="{url}"' in response.content.decode()
    assert "Licence Ouverte / Open Licence version 2.0" in page
    assert 'href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/"' in response.content.decode()
    for indicator in INDICATORS:
        assert str(indicator.label) in page and str(indicator.definition) in page and str(indicator.dated_by) in page
    assert "5 minutes" in page
    assert "territoire_siren" in page


def test_the_footer_links_to_the_open_data(client):
    assert f'href="{PAGE}"' in client.get(reverse("legal_notice")).content.decode()


# --- Rate limit --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", API_URLS)
def test_past_the_limit_an_address_waits_and_another_does_not(client, settings, url):
    settings.OPENDATA_RATE_LIMIT = 3
    settings.OPENDATA_RATE_WINDOW = 60
    for _ in range(3):
        assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Trop de requêtes depuis votre adresse" in refused.content.decode()
    assert client.get(url, REMOTE_ADDR="192.0.2.44").status_code == 200


def test_the_three_files_share_one_count(client, settings):
    settings.OPENDATA_RATE_LIMIT = 2
    assert client.get(CSV_URL).status_code == 200
    assert client.get(JSON_URL).status_code == 200
    assert client.get(PACKAGE_URL).status_code == 429
    # The page itself is not limited.
    assert client.get(PAGE).status_code == 200


def test_a_limit_of_zero_switches_it_off(client, settings):
    settings.OPENDATA_RATE_LIMIT = 0
    assert all(client.get(PACKAGE_URL).status_code == 200 for _ in range(5))


def test_the_default_limit_leaves_room_for_a_loop_of_requests(settings):
    assert settings.OPENDATA_RATE_LIMIT >= 100


# --- Query budget ------------------------------------------------------------------------------------------------


def _fill(size):
    territories = EngagedTerritoryFactory.create_batch(size)
    sectors = SectorFactory.create_batch(size)
    for index in range(size * 4):
        ProjectFactory(territory=territories[index % size], sector=sectors[index % size])


@pytest.mark.parametrize("size", [1, 8])
@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_queries_do_not_grow_with_the_data(client, django_assert_num_queries, size, url):
    _fill(size)
    # Cold: the identifiers a filter may name (2), the table (11), its territories and sectors (4).
    with django_assert_num_queries(17):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(PACKAGE_URL).status_code == 200


def test_with_redis_down_the_files_are_computed_and_no_one_is_refused(client, data, settings, caplog):
    # Nothing listens on port 1: every cache call fails at once, and core/cache.py answers as an empty cache.
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.OPENDATA_RATE_LIMIT = 1
    for _ in range(3):
        response = client.get(CSV_URL, {"annee": YEAR})
        assert response.status_code == 200
        assert row_of(csv_rows(response), YEAR)["ideas_detected"] == "3"
    assert "Redis cache unavailable" in caplog.text
