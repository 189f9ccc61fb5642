"""Needs import: XLSX and CSV files, errors per line in French, nothing saved unless all valid, confirmation."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from core.imports import SESSION_KEY
from territories.models import Need, Sector

from ..helpers import text

HEADERS = [
    "territoire",
    "filière",
    "intitulé",
    "description",
    "source",
    "priorité",
    "population concernée",
    "éléments de preuve",
    "date",
]


@pytest.fixture
def sectors(db):
    return {
        # Seeded by a data migration.
        "mobilite": Sector.objects.get(slug="mobilite"),
        "alimentation": Sector.objects.get(slug="alimentation-circuits-courts"),
    }


def xlsx_file(rows, headers=HEADERS, name="besoins.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(lines, name="besoins.csv"):
    content = "\r\n".join(";".join(cells) for cells in [HEADERS, *lines]) + "\r\n"
    return SimpleUploadedFile(name, ("\ufeff" + content).encode("utf-8"))


def upload(client, file):
    return client.post(reverse("need_import"), {"file": file})


def assert_nothing_saved_nor_stashed(client):
    assert not Need.objects.exists()
    assert not client.session.get(SESSION_KEY)


# --- valid files and confirmation ---------------------------------------------------------------


def test_valid_xlsx_is_previewed_then_saved_on_confirmation(
    client, coordinator, own_territory, other_territory, sectors
):
    file = xlsx_file(
        [
            [
                "Beauvaisis",
                "Mobilité",
                "Transport à la demande",
                "Villages non desservis",
                "diagnostic territorial",
                1,
                "Habitants sans voiture",
                "Enquête 2025",
                datetime.datetime(2026, 3, 12),
            ],
            [
                "amiens-metropole",
                "alimentation-circuits-courts",
                "Épicerie solidaire",
                "Quartier nord",
                "appel à idées",
                3,
                "",
                "",
                None,
            ],
        ]
    )
    client.force_login(coordinator)
    response = upload(client, file)
    assert response.status_code == 302
    confirm_url = response["Location"]
    assert confirm_url.startswith("/territoires/besoins/importer/")
    assert not Need.objects.exists()

    preview = client.get(confirm_url)
    assert preview.status_code == 200
    content = text(preview)
    assert "Transport à la demande" in content and "Épicerie solidaire" in content
    assert "Importer les 2 besoins" in content
    assert not Need.objects.exists()

    response = client.post(confirm_url)
    assert response.status_code == 302 and response["Location"] == reverse("need_list")
    transport = Need.objects.get(title="Transport à la demande")
    assert transport.territory == own_territory and transport.sector == sectors["mobilite"]
    assert transport.source == "diagnosis" and transport.priority == 1
    assert transport.population_concerned == "Habitants sans voiture" and transport.evidence == "Enquête 2025"
    assert transport.identified_on == datetime.date(2026, 3, 12)
    assert transport.recorded_by == coordinator and transport.status == "identified"
    assert transport.history.get().history_user == coordinator
    grocery = Need.objects.get(title="Épicerie solidaire")
    assert grocery.territory == other_territory and grocery.sector == sectors["alimentation"]
    assert grocery.source == "call_for_ideas" and grocery.priority == 3
    assert grocery.identified_on == timezone.localdate()
    # The stash is spent: confirming again saves nothing more.
    assert not client.session.get(SESSION_KEY)
    client.post(confirm_url)
    assert Need.objects.count() == 2


def test_valid_csv_with_bom_and_semicolons(client, referent, own_territory, sectors):
    file = csv_file(
        [
            ["beauvaisis", "mobilite", "Covoiturage rural", "Pas de bus", "study", "2", "Actifs", "", "05/02/2026"],
            ["Beauvaisis", "", "Garde d’enfants", "Horaires décalés", "Élus", "", "", "", ""],
        ]
    )
    client.force_login(referent)
    response = upload(client, file)
    assert response.status_code == 302
    client.post(response["Location"])
    carpool = Need.objects.get(title="Covoiturage rural")
    assert carpool.territory == own_territory and carpool.sector == sectors["mobilite"]
    assert carpool.source == "study" and carpool.priority == 2
    assert carpool.identified_on == datetime.date(2026, 2, 5) and carpool.recorded_by == referent
    childcare = Need.objects.get(title="Garde d’enfants")
    assert childcare.sector is None and childcare.source == "elected_officials" and childcare.priority == 2


def test_headers_without_accents_are_understood(client, coordinator, own_territory, sectors):
    headers = ["Territoire", "Filiere", "Intitule", "Description", "Source", "Priorite", "Population concernee"]
    file = xlsx_file([["Beauvaisis", "Mobilité", "Navette", "Gare éloignée", "étude", "1", "Lycéens"]], headers)
    client.force_login(coordinator)
    response = upload(client, file)
    assert response.status_code == 302
    client.post(response["Location"])
    assert Need.objects.get().population_concerned == "Lycéens"


# --- bad files ----------------------------------------------------------------------------------


def test_every_bad_line_is_reported_and_nothing_saved(client, coordinator, own_territory, sectors):
    file = xlsx_file(
        [
            ["Beauvaisis", "Mobilité", "Ligne correcte", "Desc", "étude", 1, "", "", "01/02/2026"],
            ["Beauvaisis", "Xyz", "Filière inconnue", "Desc", "étude", 1, "", "", ""],
            ["Pays de Nulle Part", "Mobilité", "Territoire inconnu", "Desc", "étude", 1, "", "", ""],
            ["Beauvaisis", "Mobilité", "", "Desc", "étude", 1, "", "", ""],
            ["Beauvaisis", "Mobilité", "Priorité fausse", "Desc", "étude", 5, "", "", ""],
            ["Beauvaisis", "Mobilité", "Date fausse", "Desc", "étude", 2, "", "", "31/02/2026"],
            ["Beauvaisis", "Mobilité", "Source fausse", "Desc", "rumeur", 2, "", "", ""],
            ["", "Mobilité", "Sans territoire", "", "étude", 2, "", "", ""],
            ["Beauvaisis", "Mobilité", "x" * 201, "Desc", "étude", 2, "", "", "01/01/2099"],
        ]
    )
    client.force_login(coordinator)
    response = upload(client, file)
    assert response.status_code == 200
    expected = [
        "Ligne 3 : filière inconnue « Xyz »",
        "Ligne 4 : territoire inconnu « Pays de Nulle Part »",
        "Ligne 5 : intitulé manquant",
        "Ligne 6 : priorité invalide « 5 » (1, 2 ou 3 attendu)",
        "Ligne 7 : date invalide « 31/02/2026 » (jj/mm/aaaa attendu, à partir de 1900)",
        "Ligne 8 : source inconnue « rumeur »",
        "Ligne 9 : territoire manquant",
        "Ligne 9 : description manquante",
        "Ligne 10 : intitulé trop long (200 caractères au plus)",
        "Ligne 10 : date dans le futur « 01/01/2099 »",
    ]
    assert response.context["result"].messages == expected
    content = text(response)
    for message in expected:
        assert message in content
    assert "Le fichier contient 10 erreurs : rien n’a été enregistré." in content
    assert_nothing_saved_nor_stashed(client)


def test_referent_importing_into_another_territory_is_refused_per_line(
    client, referent, own_territory, other_territory, sectors
):
    file = csv_file(
        [
            ["beauvaisis", "mobilite", "Chez moi", "Desc", "study", "2", "", "", ""],
            ["Amiens Métropole", "mobilite", "Chez les autres", "Desc", "study", "2", "", "", ""],
        ]
    )
    client.force_login(referent)
    response = upload(client, file)
    message = "Ligne 3 : vous ne pouvez pas enregistrer de besoin sur le territoire « Amiens Métropole »"
    assert response.context["result"].messages == [message]
    assert message in text(response)
    assert_nothing_saved_nor_stashed(client)


def test_missing_columns_are_reported(client, coordinator):
    file = xlsx_file([["Beauvaisis", "Un besoin"]], headers=["territoire", "titre"])
    client.force_login(coordinator)
    response = upload(client, file)
    assert response.context["result"].messages == [
        "Ligne 1 : colonne obligatoire absente « intitulé »",
        "Ligne 1 : colonne obligatoire absente « description »",
        "Ligne 1 : colonne obligatoire absente « source »",
    ]
    assert_nothing_saved_nor_stashed(client)


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            SimpleUploadedFile("besoins.txt", b"territoire;intitule\n"),
            "Format non pris en charge : envoyez un fichier .xlsx ou .csv.",
        ),
        (
            SimpleUploadedFile("besoins.xlsx", b"ceci n'est pas un classeur"),
            "Ce fichier n’est pas un classeur Excel (.xlsx) valide.",
        ),
        (
            SimpleUploadedFile("besoins.csv", "\ufeffterritoire;intitulé\r\n".encode()),
            "Le fichier ne contient aucune ligne de données.",
        ),
    ],
)
def test_a_wrong_file_is_refused(client, coordinator, file, message):
    client.force_login(coordinator)
    response = upload(client, file)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert message in text(response)
    assert_nothing_saved_nor_stashed(client)


def test_no_file_is_refused(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("need_import"), {})
    assert response.context["form"].errors["file"] == ["Ce champ est obligatoire."]
    assert_nothing_saved_nor_stashed(client)


# --- confirmation edge cases and access ---------------------------------------------------------


def test_confirming_an_unknown_file_sends_back_to_the_upload(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("need_import_confirm", kwargs={"key": "0" * 32}), follow=True)
    assert response.redirect_chain[-1][0] == reverse("need_import")
    assert "Ce fichier n’est plus disponible : envoyez-le de nouveau." in text(response)
    assert not Need.objects.exists()


def test_the_file_is_checked_again_on_confirmation(client, coordinator, own_territory):
    sector = Sector.objects.get(slug="mobilite")
    file = csv_file([["beauvaisis", "mobilite", "Navette", "Desc", "study", "2", "", "", ""]])
    client.force_login(coordinator)
    confirm_url = upload(client, file)["Location"]
    sector.delete()
    response = client.post(confirm_url)
    assert response.status_code == 200
    assert response.context["result"].messages == ["Ligne 2 : filière inconnue « mobilite »"]
    assert_nothing_saved_nor_stashed(client)


def test_another_users_stash_cannot_be_confirmed(client, coordinator, referent, own_territory, sectors):
    client.force_login(referent)
    confirm_url = upload(client, csv_file([["beauvaisis", "", "Navette", "Desc", "study", "2", "", "", ""]]))[
        "Location"
    ]
    client.force_login(coordinator)
    response = client.post(confirm_url)
    assert response.status_code == 302 and response["Location"] == reverse("need_import")
    assert not Need.objects.exists()


@pytest.mark.parametrize("fixture", ["partner", "staff"])
def test_partner_and_staff_cannot_import(client, request, fixture, own_territory):
    client.force_login(request.getfixturevalue(fixture))
    file = csv_file([["beauvaisis", "", "Navette", "Desc", "study", "2", "", "", ""]])
    assert client.get(reverse("need_import")).status_code == 403
    assert upload(client, file).status_code == 403
    assert client.post(reverse("need_import_confirm", kwargs={"key": "0" * 32})).status_code == 403
    assert not Need.objects.exists()


def test_anonymous_cannot_import(client):
    response = client.get(reverse("need_import"))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


@pytest.mark.parametrize("lines", [3, 30])
def test_checking_a_file_takes_the_same_queries_whatever_its_length(
    client, coordinator, own_territory, sectors, django_assert_max_num_queries, lines
):
    file = csv_file([["beauvaisis", "mobilite", f"Besoin {n}", "Desc", "study", "2", "", "", ""] for n in range(lines)])
    client.force_login(coordinator)
    with django_assert_max_num_queries(8):
        response = upload(client, file)
    assert response.status_code == 302
