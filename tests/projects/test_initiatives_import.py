"""Initiatives import: XLSX and CSV files with the export's columns, errors per line in French, all or nothing,
coordinators alone."""

import io
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from core.imports import MAX_IMPORT_BYTES, SESSION_KEY
from projects.models import Initiative
from territories.models import Region

from ..helpers import response_bytes, text

HEADERS = [
    "Intitulé",
    "Résumé",
    "Description",
    "Région d’origine",
    "Commune d’origine",
    "Filière",
    "Public visé",
    "Modèle économique",
    "Forme juridique",
    "Structure porteuse",
    "Site de la structure",
    "Année de démarrage",
    "Emplois (ETP)",
    "Résultats",
    "Conditions d’essaimage",
    "Mots-clés",
    "Source",
    "Statut",
]
GARAGE = [
    "Garage solidaire",
    "Un garage associatif répare à prix réduit les véhicules des personnes en insertion.",
    "Atelier de mécanique et prêt de véhicules.",
    "Hauts-de-France",
    "Bourg-sur-Rivière",
    "Mobilité",
    "personnes éloignées de l’emploi",
    "Prestations et subventions",
    "Association",
    "Association de mobilité solidaire (démonstration)",
    "https://garage.example.org",
    2015,
    4.5,
    "300 véhicules réparés par an",
    "Un local et un mécanicien encadrant",
    "mobilité; garage ; insertion",
    "https://source.example.org/garage",
    "publiée",
]
CONCIERGE = ["Conciergerie de zone d’activité", "Des services du quotidien pour les salariés."] + [""] * 16


def xlsx_file(rows, headers=HEADERS, name="initiatives.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(lines, headers=HEADERS, name="initiatives.csv"):
    content = "\r\n".join(";".join(str(cell) for cell in cells) for cells in [headers, *lines]) + "\r\n"
    return SimpleUploadedFile(name, ("\ufeff" + content).encode("utf-8"))


def upload(client, file):
    return client.post(reverse("initiative_import"), {"file": file})


def assert_nothing_saved_nor_stashed(client):
    assert not Initiative.objects.exists()
    assert not client.session.get(SESSION_KEY)


@pytest.fixture
def region(db):
    return Region.objects.create(code="32", name="Hauts-de-France")


def test_valid_xlsx_is_previewed_then_saved_on_confirmation(client, coordinator, region, mobility):
    client.force_login(coordinator)
    response = upload(client, xlsx_file([GARAGE, CONCIERGE]))
    assert response.status_code == 302
    confirm_url = response["Location"]
    assert confirm_url.startswith("/initiatives/importer/")
    assert not Initiative.objects.exists()

    preview = client.get(confirm_url)
    assert preview.status_code == 200
    content = text(preview)
    assert "Garage solidaire" in content and "Conciergerie de zone d’activité" in content
    assert "Bourg-sur-Rivière, Hauts-de-France" in content and "2015" in content
    assert "Importer les 2 initiatives" in content
    assert not Initiative.objects.exists()

    response = client.post(confirm_url)
    assert response.status_code == 302 and response["Location"] == reverse("initiative_list")
    assert [str(message) for message in get_messages(response.wsgi_request)] == ["2 initiatives importées."]
    assert Initiative.objects.count() == 2
    garage = Initiative.objects.get(title="Garage solidaire")
    assert garage.origin_region == region and garage.origin_town == "Bourg-sur-Rivière"
    assert garage.sector == mobility and garage.target_public == Initiative.TargetPublic.JOB_SEEKERS
    assert garage.economic_model == "Prestations et subventions" and garage.legal_form == "Association"
    assert garage.structure_website == "https://garage.example.org"
    assert garage.year_started == 2015 and garage.jobs_fte == Decimal("4.5")
    assert garage.tags == "mobilité, garage, insertion" and garage.tag_list == ["mobilité", "garage", "insertion"]
    assert garage.source_url == "https://source.example.org/garage"
    assert garage.status == Initiative.Status.PUBLISHED
    assert garage.recorded_by == coordinator and garage.version == 1
    assert garage.history.get().history_user == coordinator
    concierge = Initiative.objects.get(title="Conciergerie de zone d’activité")
    # Empty cells take the catalogue's defaults: a draft, for everyone.
    assert concierge.status == Initiative.Status.DRAFT
    assert concierge.target_public == Initiative.TargetPublic.EVERYONE
    assert concierge.sector is None and concierge.origin_region is None and concierge.year_started is None
    assert not client.session.get(SESSION_KEY)
    # The stashed file is gone: a second confirmation saves nothing twice.
    client.post(confirm_url)
    assert Initiative.objects.count() == 2


def test_valid_csv_with_codes_slugs_and_unaccented_headers(client, coordinator, region, mobility):
    headers = ["intitule", "resume", "region d'origine", "filiere", "public vise", "annee de demarrage", "emplois"]
    lines = [
        ["Auto-école sociale", "Le permis pour les jeunes sans ressources.", "32", "mobilite", "jeunes", "2012", "2,5"],
        ["Repair café", "Réparer ensemble plutôt que jeter.", "", "", "", "", ""],
    ]
    client.force_login(coordinator)
    response = upload(client, csv_file(lines, headers=headers))
    assert response.status_code == 302
    client.post(response["Location"])
    school = Initiative.objects.get(title="Auto-école sociale")
    assert school.origin_region == region and school.sector == mobility
    assert school.target_public == Initiative.TargetPublic.YOUTH
    assert school.year_started == 2012 and school.jobs_fte == Decimal("2.5")
    assert Initiative.objects.filter(title="Repair café").exists()


def test_bad_lines_are_listed_in_french_and_nothing_is_saved(client, coordinator, region, mobility):
    bad = [
        ["Épicerie solidaire", "Des produits à petit prix.", "", "", "", "Pêche en haute mer"] + [""] * 12,
        ["Atelier partagé", "Des machines en commun.", "", "", "", "", "", "", "", "", "", 1700] + [""] * 6,
        ["Tiers-lieu", "Un lieu pour tous.", "", "", "", "", "", "", "", "", "pas une adresse"] + [""] * 7,
        ["", "Un résumé sans intitulé."] + [""] * 16,
    ]
    client.force_login(coordinator)
    response = upload(client, xlsx_file([GARAGE, *bad]))
    assert response.status_code == 200
    content = text(response)
    assert "Le fichier contient 4 erreurs\u00a0: rien n’a été enregistré." in content
    assert "Ligne 3\u00a0: filière inconnue «\u00a0Pêche en haute mer\u00a0»" in content
    assert "Ligne 4\u00a0: année de démarrage invalide «\u00a01700\u00a0» (une année entre 1800 et" in content
    assert "Ligne 5\u00a0: site de la structure\u00a0: adresse web invalide «\u00a0pas une adresse\u00a0»" in content
    assert "Ligne 6\u00a0: intitulé manquant" in content
    # The valid first line is not saved either: all or nothing.
    assert_nothing_saved_nor_stashed(client)


def test_other_bad_values_and_a_missing_column(client, coordinator):
    client.force_login(coordinator)
    lines = [["Garage", "Résumé", "Atlantide", "sénateurs", "2,55", "peut-être"]]
    headers = ["Intitulé", "Résumé", "Région d’origine", "Public visé", "Emplois (ETP)", "Statut"]
    content = text(upload(client, csv_file(lines, headers=headers)))
    assert "région d’origine inconnue «\u00a0Atlantide\u00a0»" in content
    assert "public visé inconnu «\u00a0sénateurs\u00a0»" in content
    assert "emplois invalides «\u00a02,55\u00a0»" in content
    assert "statut inconnu «\u00a0peut-être\u00a0» (brouillon ou publiée)" in content
    content = text(upload(client, csv_file([["Garage"]], headers=["Intitulé"])))
    assert "Ligne 1\u00a0: colonne obligatoire absente «\u00a0résumé\u00a0»" in content
    assert_nothing_saved_nor_stashed(client)


def test_a_file_too_big_or_of_another_type_is_refused(client, coordinator):
    client.force_login(coordinator)
    too_big = SimpleUploadedFile("initiatives.csv", b"a;b\n" + b"x" * MAX_IMPORT_BYTES)
    assert "Le fichier dépasse la taille maximale de 2 Mo." in text(upload(client, too_big))
    pdf = SimpleUploadedFile("initiatives.pdf", b"%PDF-1.4 nothing")
    assert "Format non pris en charge\u00a0: envoyez un fichier .xlsx ou .csv." in text(upload(client, pdf))
    renamed = SimpleUploadedFile("initiatives.xlsx", b"Intitul\xc3\xa9;R\xc3\xa9sum\xc3\xa9\n")
    assert "Ce fichier n’est pas un classeur Excel (.xlsx) valide." in text(upload(client, renamed))
    assert_nothing_saved_nor_stashed(client)


@pytest.mark.parametrize("role", ["referent", "partner"])
def test_referents_and_partners_are_refused(client, coordinator, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("initiative_import")).status_code == 403
    assert upload(client, csv_file([CONCIERGE])).status_code == 403
    # Nor can they confirm a file a coordinator stashed in their own session.
    client.force_login(coordinator)
    confirm_url = upload(client, csv_file([CONCIERGE]))["Location"]
    client.force_login(request.getfixturevalue(role))
    assert client.post(confirm_url).status_code == 403
    assert not Initiative.objects.exists()


def test_signed_out_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("initiative_import"))
    assert response.status_code == 302 and "/comptes/" in response["Location"]


def test_the_upload_page_lists_the_columns(client, coordinator):
    client.force_login(coordinator)
    content = text(client.get(reverse("initiative_import")))
    for header in ("Intitulé", "Région d’origine", "Conditions d’essaimage", "Mots-clés", "Statut"):
        assert header in content


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_catalogue_export_imports_back_as_it_left(client, coordinator, region, mobility, kind):
    client.force_login(coordinator)
    client.post(upload(client, xlsx_file([GARAGE, CONCIERGE]))["Location"])
    fields = [
        "title",
        "summary",
        "description",
        "origin_region_id",
        "origin_town",
        "sector_id",
        "target_public",
        "economic_model",
        "legal_form",
        "structure_name",
        "structure_website",
        "year_started",
        "jobs_fte",
        "results",
        "replication_conditions",
        "tags",
        "source_url",
        "status",
    ]
    before = sorted(Initiative.objects.values_list(*fields))
    assert len(before) == 2
    exported = response_bytes(client.get(reverse("initiative_list"), {"export": kind}))
    Initiative.history.all().delete()
    Initiative.objects.all().delete()
    response = upload(client, SimpleUploadedFile(f"export.{kind}", exported))
    assert response.status_code == 302, text(response)
    client.post(response["Location"])
    assert sorted(Initiative.objects.values_list(*fields)) == before


def test_checking_a_file_reads_the_lists_once_whatever_its_length(client, coordinator, region, mobility):
    """The upload's queries (session, user, regions, sectors) do not grow with the file's lines."""
    client.force_login(coordinator)
    rows = [[f"Garage solidaire n° {index}", *GARAGE[1:]] for index in range(200)]
    with CaptureQueriesContext(connection) as one_line:
        assert upload(client, xlsx_file(rows[:1])).status_code == 302
    with CaptureQueriesContext(connection) as many_lines:
        assert upload(client, xlsx_file(rows)).status_code == 302
    assert len(many_lines) == len(one_line) <= 10
    assert not Initiative.objects.exists()
