"""Importing actors from XLSX or CSV: per-line French errors, a preview, and all or nothing on confirmation."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from territories.models import Actor

from ..helpers import text
from .factories import ActorFactory, EngagedTerritoryFactory

pytestmark = pytest.mark.django_db

HEADERS = [
    "nom",
    "type",
    "siret",
    "catégorie juridique",
    "scic",
    "esus",
    "fin esus",
    "commune",
    "site web",
    "territoires",
]
VALID_ROWS = [
    [
        "Ressourcerie de l’Oise",
        "Association",
        "732829320",
        9220,
        "non",
        "oui",
        datetime.datetime(2027, 12, 31),
        60463,
        "ressourcerie.exemple.fr",
        "beauvaisis; Amiens Métropole",
    ],
    ["SCIC Mobilités", "ess_enterprise", 73282932000074, "5460", "oui", "non", None, "80021", None, None],
    # A code with a leading zero that the spreadsheet turned into a number.
    ["Garage solidaire", "Entreprise de l’ESS", None, "autre", None, None, None, 2168, None, "Amiens Métropole"],
]


def xlsx_file(rows, headers=HEADERS, name="acteurs.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(lines, name="acteurs.csv"):
    return SimpleUploadedFile(name, ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))


@pytest.fixture
def territories(official_territories):
    return [
        EngagedTerritoryFactory(name="CA du Beauvaisis", slug="beauvaisis"),
        EngagedTerritoryFactory(name="Amiens Métropole", slug="amiens"),
    ]


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


def upload(client, file):
    return client.post(reverse("actor_import"), {"file": file})


def pending(client):
    return client.session.get("pending_imports", {})


def test_a_valid_xlsx_is_previewed_then_saved_on_confirmation(as_coordinator, territories):
    client = as_coordinator
    before = Actor.objects.count()
    response = upload(client, xlsx_file(VALID_ROWS))
    assert response.status_code == 302
    (key,) = pending(client)
    assert response["Location"] == reverse("actor_import_confirm", kwargs={"key": key})

    preview = client.get(response["Location"])
    assert preview.status_code == 200
    page = text(preview)
    assert "Le fichier « acteurs.xlsx » est valide : 3 acteurs seront créés." in page
    assert "Ressourcerie de l’Oise" in page and "Nogent-sur-Oise (60463)" in page and "Château-Thierry (02168)" in page
    assert "9220 — Association déclarée" in page and "CA du Beauvaisis, Amiens Métropole" in page
    assert Actor.objects.count() == before  # nothing saved before confirmation

    response = client.post(reverse("actor_import_confirm", kwargs={"key": key}))
    assert response.status_code == 302 and response["Location"] == reverse("actor_list")
    assert Actor.objects.count() == before + 3
    ressourcerie = Actor.objects.get(name="Ressourcerie de l’Oise")
    assert ressourcerie.kind == "association" and ressourcerie.siret == "732829320"
    assert ressourcerie.legal_category == "9220" and not ressourcerie.is_scic and ressourcerie.esus_approved
    assert ressourcerie.esus_end_date == datetime.date(2027, 12, 31)
    assert ressourcerie.town.code == "60463" and ressourcerie.website == "https://ressourcerie.exemple.fr"
    assert {t.slug for t in ressourcerie.territories.all()} == {"beauvaisis", "amiens"}
    scic = Actor.objects.get(name="SCIC Mobilités")
    assert scic.siret == "73282932000074" and scic.is_scic and scic.legal_category == "5460"
    assert scic.town.name == "Amiens" and scic.territories.count() == 0
    garage = Actor.objects.get(name="Garage solidaire")
    assert garage.legal_category == "other" and garage.town.code == "02168"
    assert pending(client) == {}
    assert "3 acteurs importés." in text(client.get(reverse("actor_list")))


def test_a_valid_csv_with_bom_and_semicolons(as_coordinator, territories):
    client = as_coordinator
    lines = [
        ";".join(HEADERS),
        "Épicerie sociale;association;73282932000074;9220;non;oui;31/12/2027;60463;https://epicerie.exemple.fr;"
        '"beauvaisis;amiens"',
        "Réseau des ressourceries;Réseau de l’ESS;;;;;;;;",
    ]
    response = upload(client, csv_file(lines))
    assert response.status_code == 302
    client.post(response["Location"])
    epicerie = Actor.objects.get(name="Épicerie sociale")
    assert epicerie.esus_end_date == datetime.date(2027, 12, 31) and epicerie.town.name == "Nogent-sur-Oise"
    assert epicerie.territories.count() == 2
    assert Actor.objects.get(name="Réseau des ressourceries").kind == "ess_network"


def test_three_bad_lines_are_all_listed_and_nothing_is_saved(as_coordinator, territories):
    client = as_coordinator
    ActorFactory(name="Déjà présent")
    rows = [
        VALID_ROWS[0],
        ["Mauvais SIRET", "association", "73282932000075", None, None, None, None, None, None, None],
        ["Commune inconnue", "association", None, None, None, None, None, "99999", None, None],
        ["Type inconnu", "multinationale", None, None, None, None, None, None, None, None],
    ]
    before = Actor.objects.count()
    response = upload(client, xlsx_file(rows))
    assert response.status_code == 200
    page = text(response)
    assert "Le fichier contient 3 erreurs : rien n’a été enregistré." in page
    assert "Ligne 3 : Le numéro « 73282932000075 » n’est pas valide : sa clé de contrôle (Luhn) est fausse." in page
    assert "Ligne 4 : Aucune commune ne porte le code INSEE « 99999 »." in page
    assert "Ligne 5 : Type d’acteur inconnu « multinationale »" in page
    assert Actor.objects.count() == before
    assert pending(client) == {}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["Déjà présent", "association"], "Ligne 2 : Un acteur nommé « Déjà présent » existe déjà dans l’annuaire."),
        (["Sans type", ""], "Ligne 2 : Le type d’acteur est obligatoire."),
        (["", "association", "732829320"], "Ligne 2 : Le nom de l’acteur est obligatoire."),
        (["Catégorie", "association", None, "1234"], "Ligne 2 : Catégorie juridique inconnue « 1234 »."),
        (
            ["Scic ?", "association", None, None, "peut-être"],
            "Ligne 2 : Valeur « peut-être » non comprise dans la colonne « scic » (attendu : oui ou non).",
        ),
        (
            ["Date", "association", None, None, None, "oui", "bientôt"],
            "Ligne 2 : Date « bientôt » non comprise dans la colonne « fin esus » "
            "(attendu : JJ/MM/AAAA, à partir de 1900).",
        ),
        (
            ["Fin sans agrément", "association", None, None, None, "non", "31/12/2027"],
            "Ligne 2 : Une date de fin d’agrément ESUS suppose l’agrément (colonne « esus » à oui).",
        ),
        (
            ["Site", "association", None, None, None, None, None, None, "pas une adresse"],
            "Ligne 2 : Adresse de site web non valide « https://pas une adresse ».",
        ),
        (
            ["Territoire", "association", None, None, None, None, None, None, None, "beauvaisis;atlantide"],
            "Ligne 2 : Territoire inconnu « atlantide ».",
        ),
        (
            ["Siren court", "association", "1234"],
            "Ligne 2 : Un SIREN compte 9 chiffres et un SIRET 14 chiffres (« 1234 »).",
        ),
    ],
)
def test_each_kind_of_bad_line_has_its_french_message(as_coordinator, territories, row, message):
    ActorFactory(name="Déjà présent")
    before = Actor.objects.count()
    response = upload(as_coordinator, xlsx_file([row + [None] * (len(HEADERS) - len(row))]))
    assert message in text(response)
    assert Actor.objects.count() == before and pending(as_coordinator) == {}


def test_a_name_twice_in_the_file_is_refused(as_coordinator, territories):
    rows = [["Doublon", "association"] + [None] * 8, ["doublon", "association"] + [None] * 8]
    response = upload(as_coordinator, xlsx_file(rows))
    assert "Ligne 3 : L’acteur « doublon » figure déjà à la ligne 2 du fichier." in text(response)
    assert not Actor.objects.filter(name__iexact="doublon").exists()


def test_a_missing_column_is_reported(as_coordinator, territories):
    response = upload(as_coordinator, xlsx_file([["Sans colonne type"]], headers=["nom"]))
    assert "Ligne 1 : Colonne obligatoire absente : « type »." in text(response)
    assert not Actor.objects.filter(name="Sans colonne type").exists()


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            SimpleUploadedFile("acteurs.txt", b"nom;type\nA;association\n"),
            "Format non pris en charge : envoyez un fichier .xlsx ou .csv.",
        ),
        (
            SimpleUploadedFile("acteurs.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200),
            "Ce fichier n’est pas un classeur Excel (.xlsx) valide.",
        ),
        (
            SimpleUploadedFile("acteurs.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00"),
            "Ce fichier n’est pas un fichier texte CSV.",
        ),
        (
            SimpleUploadedFile("acteurs.csv", b"nom;type\n" + b"Acteur;association\n" * 120_000),
            "Le fichier dépasse la taille maximale de 2 Mo.",
        ),
        (SimpleUploadedFile("acteurs.csv", b"nom;type\n"), "Le fichier ne contient aucune ligne de données."),
    ],
)
def test_a_wrong_file_is_refused_in_french(as_coordinator, file, message):
    before = Actor.objects.count()
    response = upload(as_coordinator, file)
    assert response.status_code == 200
    assert message in response.context["form"].errors["file"]
    assert message in text(response)
    assert Actor.objects.count() == before and pending(as_coordinator) == {}


def test_no_file_is_refused(as_coordinator):
    response = as_coordinator.post(reverse("actor_import"), {})
    assert "Ce champ est obligatoire." in response.context["form"].errors["file"]


def test_confirmation_revalidates_the_file(as_coordinator, territories):
    client = as_coordinator
    response = upload(client, xlsx_file(VALID_ROWS))
    confirm = response["Location"]
    # Someone adds one of the file's actors between the preview and the confirmation.
    ActorFactory(name="SCIC Mobilités")
    before = Actor.objects.count()
    response = client.post(confirm)
    assert response.status_code == 200
    assert "Ligne 3 : Un acteur nommé « SCIC Mobilités » existe déjà dans l’annuaire." in text(response)
    assert Actor.objects.count() == before
    assert pending(client) == {}


def test_an_unknown_key_sends_back_to_the_upload(as_coordinator):
    response = as_coordinator.post(reverse("actor_import_confirm", kwargs={"key": "0" * 32}))
    assert response.status_code == 302 and response["Location"] == reverse("actor_import")
    assert "Ce fichier n’est plus disponible : envoyez-le de nouveau." in text(as_coordinator.get(response["Location"]))


def test_a_key_is_bound_to_the_session_that_uploaded_it(client, coordinator, territories):
    client.force_login(coordinator)
    confirm = upload(client, xlsx_file(VALID_ROWS))["Location"]
    client.logout()
    client.force_login(coordinator)  # a new session
    before = Actor.objects.count()
    assert client.post(confirm)["Location"] == reverse("actor_import")
    assert Actor.objects.count() == before


@pytest.mark.parametrize("role", ["referent", "partner", "staff"])
def test_import_refuses_non_coordinators(client, request, role, territories):
    client.force_login(request.getfixturevalue(role))
    before = Actor.objects.count()
    assert client.get(reverse("actor_import")).status_code == 403
    assert upload(client, xlsx_file(VALID_ROWS)).status_code == 403
    assert client.post(reverse("actor_import_confirm", kwargs={"key": "0" * 32})).status_code == 403
    assert Actor.objects.count() == before and pending(client) == {}


def test_import_sends_anonymous_to_login(client, territories):
    response = upload(client, xlsx_file(VALID_ROWS))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    assert not Actor.objects.filter(name="SCIC Mobilités").exists()


def test_upload_page_lists_the_columns(as_coordinator):
    page = text(as_coordinator.get(reverse("actor_import")))
    for column in HEADERS:
        assert f"<code>{column}</code>" in page
