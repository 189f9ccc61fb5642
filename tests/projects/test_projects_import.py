"""Projects import: XLSX and CSV files, errors per line in French, all or nothing, per role."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from core.imports import SESSION_KEY
from projects.imports.projects import parse_number
from projects.models import Project, StageChange

from ..helpers import text

HEADERS = [
    "territoire",
    "intitulé",
    "origine",
    "filière",
    "résumé",
    "public visé",
    "forme juridique visée",
    "emplois prévus (ETP)",
    "budget",
]


def xlsx_file(rows, headers=HEADERS, name="projets.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(lines, headers=HEADERS, name="projets.csv"):
    content = "\r\n".join(";".join(cells) for cells in [headers, *lines]) + "\r\n"
    return SimpleUploadedFile(name, ("\ufeff" + content).encode("utf-8"))


def upload(client, file):
    return client.post(reverse("project_import"), {"file": file})


def assert_nothing_saved_nor_stashed(client):
    assert not Project.objects.exists()
    assert not client.session.get(SESSION_KEY)


# --- valid files and confirmation ---------------------------------------------------------------


def test_valid_xlsx_is_previewed_then_saved_on_confirmation(
    client, coordinator, own_territory, other_territory, mobility
):
    file = xlsx_file(
        [
            [
                "Beauvaisis",
                "Garage solidaire",
                "séance de créativité",
                "Mobilité",
                "Réparer les voitures",
                "Personnes en insertion",
                "SCIC",
                2.5,
                15000,
            ],
            ["amiens-metropole", "Conciergerie de quartier", "capteur d’idées", "", "", "", "", None, None],
        ]
    )
    client.force_login(coordinator)
    response = upload(client, file)
    assert response.status_code == 302
    confirm_url = response["Location"]
    assert confirm_url.startswith("/projets/importer/")
    assert not Project.objects.exists()

    preview = client.get(confirm_url)
    assert preview.status_code == 200
    content = text(preview)
    assert "Garage solidaire" in content and "Conciergerie de quartier" in content
    assert "Importer les 2 projets" in content
    assert not Project.objects.exists()

    response = client.post(confirm_url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("project_list")
    assert "2 projets importés." in text(response)
    garage = Project.objects.get(title="Garage solidaire")
    assert garage.territory == own_territory and garage.sector == mobility
    assert garage.origin == Project.Origin.CREATIVITY_SESSION
    assert garage.summary == "Réparer les voitures" and garage.target_public == "Personnes en insertion"
    assert garage.target_legal_form == "SCIC"
    assert garage.jobs_planned_fte == Decimal("2.5") and garage.budget == Decimal("15000")
    assert garage.stage == Project.Stage.DETECTED and garage.recorded_by == coordinator
    assert garage.reference.startswith("FAB-")
    assert garage.history.get().history_user == coordinator
    concierge = Project.objects.get(title="Conciergerie de quartier")
    assert concierge.territory == other_territory and concierge.origin == Project.Origin.IDEA_CATCHER
    assert concierge.sector is None and concierge.budget is None and concierge.jobs_planned_fte == 0
    # Each project starts with its stage change, as when created from its form.
    assert StageChange.objects.filter(to_stage=Project.Stage.DETECTED).count() == 2
    assert not client.session.get(SESSION_KEY)
    client.post(confirm_url)
    assert Project.objects.count() == 2


def test_valid_csv_with_french_numbers(client, referent, own_territory, mobility):
    file = csv_file(
        [
            ["beauvaisis", "Auto-école sociale", "diagnostic", "mobilite", "", "", "", "1,5", "12 500,50 €"],
            ["Beauvaisis", "Épicerie partagée", "Appel à idées", "", "", "", "", "0", ""],
        ]
    )
    client.force_login(referent)
    response = upload(client, file)
    assert response.status_code == 302
    client.post(response["Location"])
    school = Project.objects.get(title="Auto-école sociale")
    assert school.origin == Project.Origin.DIAGNOSIS and school.sector == mobility
    assert school.jobs_planned_fte == Decimal("1.5") and school.budget == Decimal("12500.50")
    assert school.recorded_by == referent
    assert Project.objects.get(title="Épicerie partagée").origin == Project.Origin.CALL_FOR_IDEAS


def test_headers_without_accents_and_only_the_required_columns(client, coordinator, own_territory):
    file = csv_file([["Beauvaisis", "Ressourcerie", "essaimage"]], headers=["Territoire", "Intitule", "Origine"])
    client.force_login(coordinator)
    response = upload(client, file)
    assert response.status_code == 302
    client.post(response["Location"])
    assert Project.objects.get().origin == Project.Origin.REPLICATION


# --- bad files ----------------------------------------------------------------------------------


def test_every_bad_line_is_reported_in_french_and_nothing_saved(client, coordinator, own_territory, mobility):
    file = xlsx_file(
        [
            ["Beauvaisis", "Ligne correcte", "diagnostic territorial", "Mobilité", "", "", "", 1, 1000],
            ["Pays de Nulle Part", "Territoire inconnu", "diagnostic", "", "", "", "", "", ""],
            ["", "Sans territoire", "diagnostic", "", "", "", "", "", ""],
            ["Beauvaisis", "", "diagnostic", "", "", "", "", "", ""],
            ["Beauvaisis", "Origine fausse", "rumeur", "", "", "", "", "", ""],
            ["Beauvaisis", "Sans origine", "", "Xyz", "", "", "", "", ""],
            ["Beauvaisis", "x" * 201, "diagnostic", "", "", "p" * 201, "f" * 101, "", ""],
            ["Beauvaisis", "Emplois faux", "diagnostic", "", "", "", "", "-2", "beaucoup"],
            ["Beauvaisis", "Trop précis", "diagnostic", "", "", "", "", "1,25", "10,123"],
            ["Beauvaisis", "Ligne correcte", "diagnostic territorial", "Mobilité", "", "", "", 1, 1000],
        ]
    )
    client.force_login(coordinator)
    response = upload(client, file)
    assert response.status_code == 200
    expected = [
        "Ligne 3 : territoire inconnu « Pays de Nulle Part »",
        "Ligne 4 : territoire manquant",
        "Ligne 5 : intitulé manquant",
        "Ligne 6 : origine inconnue « rumeur »",
        "Ligne 7 : origine manquante",
        "Ligne 7 : filière inconnue « Xyz »",
        "Ligne 8 : intitulé trop long (200 caractères au plus)",
        "Ligne 8 : public visé trop long (200 caractères au plus)",
        "Ligne 8 : forme juridique visée trop long (100 caractères au plus)",
        "Ligne 9 : emplois prévus invalides « -2 » (un nombre d’ETP positif, un chiffre après la virgule au plus)",
        "Ligne 9 : budget invalide « beaucoup » (un montant positif en euros, deux chiffres après la virgule au plus)",
        "Ligne 10 : emplois prévus invalides « 1,25 » (un nombre d’ETP positif, un chiffre après la virgule au plus)",
        "Ligne 10 : budget invalide « 10,123 » (un montant positif en euros, deux chiffres après la virgule au plus)",
        "Ligne 11 : ligne identique à la ligne 2",
    ]
    assert [message.replace("\u00a0", " ") for message in response.context["result"].messages] == expected
    content = text(response).replace("\u00a0", " ")
    for message in expected:
        assert message in content
    assert "Le fichier contient 14 erreurs : rien n’a été enregistré." in content
    assert_nothing_saved_nor_stashed(client)


def test_a_referent_importing_onto_another_territory_is_refused_per_line(
    client, referent, own_territory, other_territory
):
    file = csv_file(
        [
            ["beauvaisis", "Chez moi", "diagnostic", "", "", "", "", "", ""],
            ["Amiens Métropole", "Chez les autres", "diagnostic", "", "", "", "", "", ""],
        ]
    )
    client.force_login(referent)
    response = upload(client, file)
    message = "Ligne 3 : vous ne pouvez pas enregistrer de projet sur le territoire « Amiens Métropole »"
    assert [m.replace("\u00a0", " ") for m in response.context["result"].messages] == [message]
    assert message in text(response).replace("\u00a0", " ")
    assert_nothing_saved_nor_stashed(client)


def test_the_file_is_checked_again_on_confirmation(client, referent, own_territory):
    file = csv_file([["beauvaisis", "Navette", "diagnostic", "", "", "", "", "", ""]])
    client.force_login(referent)
    confirm_url = upload(client, file)["Location"]
    # The organisation is no longer the territory's referent by the time the referent confirms.
    own_territory.referent_actor = None
    own_territory.save()
    response = client.post(confirm_url)
    assert response.status_code == 200
    assert [m.replace("\u00a0", " ") for m in response.context["result"].messages] == [
        "Ligne 2 : vous ne pouvez pas enregistrer de projet sur le territoire « Beauvaisis »"
    ]
    assert_nothing_saved_nor_stashed(client)


def test_missing_columns_are_reported(client, coordinator):
    file = xlsx_file([["Beauvaisis", "Un projet"]], headers=["territoire", "titre"])
    client.force_login(coordinator)
    response = upload(client, file)
    assert [m.replace("\u00a0", " ") for m in response.context["result"].messages] == [
        "Ligne 1 : colonne obligatoire absente « intitulé »",
        "Ligne 1 : colonne obligatoire absente « origine »",
    ]
    assert_nothing_saved_nor_stashed(client)


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("projets.txt", b"territoire;intitule\n"), "Format non pris en charge"),
        (SimpleUploadedFile("projets.xlsx", b"pas un classeur"), "Ce fichier n’est pas un classeur Excel"),
        (SimpleUploadedFile("projets.csv", "\ufeffterritoire;intitulé\r\n".encode()), "aucune ligne de données"),
    ],
)
def test_a_wrong_file_is_refused(client, coordinator, file, message):
    client.force_login(coordinator)
    response = upload(client, file)
    assert response.status_code == 200
    assert message in response.context["form"].errors["file"][0]
    assert_nothing_saved_nor_stashed(client)


def test_no_file_is_refused(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("project_import"), {})
    assert response.context["form"].errors["file"] == ["Ce champ est obligatoire."]
    assert_nothing_saved_nor_stashed(client)


def test_a_nul_in_a_cell_is_a_line_error(client, coordinator, own_territory):
    file = csv_file([["beauvaisis", "Garage\x00", "diagnostic", "", "", "", "", "", ""]])
    client.force_login(coordinator)
    response = upload(client, file)
    assert response.status_code == 200
    assert "caractère nul interdit" in response.context["result"].messages[0]
    assert_nothing_saved_nor_stashed(client)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2,5", Decimal("2.5")),
        (2.5, Decimal("2.5")),
        (3, Decimal("3")),
        ("15\u202f000", Decimal("15000")),
        ("-1", None),
        ("1e400", None),
        ("NaN", None),
        ("100000", None),
        (True, None),
    ],
)
def test_numbers_are_read_as_french_users_write_them(value, expected):
    assert parse_number(value, max_digits=6, decimal_places=1) == expected


# --- access and confirmation edge cases ----------------------------------------------------------


def test_the_upload_page_lists_the_columns(client, referent):
    client.force_login(referent)
    response = client.get(reverse("project_import"))
    assert response.status_code == 200
    content = text(response)
    for header in HEADERS:
        assert f"<strong>{header}</strong>" in content


def test_confirming_an_unknown_file_sends_back_to_the_upload(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("project_import_confirm", kwargs={"key": "0" * 32}), follow=True)
    assert response.redirect_chain[-1][0] == reverse("project_import")
    assert "Ce fichier n’est plus disponible" in text(response)
    assert not Project.objects.exists()


def test_another_users_stash_cannot_be_confirmed(client, coordinator, referent, own_territory):
    client.force_login(referent)
    confirm_url = upload(client, csv_file([["beauvaisis", "Navette", "diagnostic", "", "", "", "", "", ""]]))[
        "Location"
    ]
    client.force_login(coordinator)
    response = client.post(confirm_url)
    assert response.status_code == 302 and response["Location"] == reverse("project_import")
    assert not Project.objects.exists()


@pytest.mark.parametrize("fixture", ["partner", "staff"])
def test_partner_and_staff_cannot_import(client, request, fixture, own_territory):
    client.force_login(request.getfixturevalue(fixture))
    file = csv_file([["beauvaisis", "Navette", "diagnostic", "", "", "", "", "", ""]])
    assert client.get(reverse("project_import")).status_code == 403
    assert upload(client, file).status_code == 403
    assert client.post(reverse("project_import_confirm", kwargs={"key": "0" * 32})).status_code == 403
    assert not Project.objects.exists()


def test_anonymous_cannot_import(client):
    response = client.get(reverse("project_import"))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


@pytest.mark.parametrize("lines", [3, 30])
def test_checking_a_file_takes_the_same_queries_whatever_its_length(
    client, coordinator, own_territory, mobility, django_assert_max_num_queries, lines
):
    file = csv_file(
        [["beauvaisis", f"Projet {n}", "diagnostic", "mobilite", "", "", "", "1", ""] for n in range(lines)]
    )
    client.force_login(coordinator)
    with django_assert_max_num_queries(8):
        response = upload(client, file)
    assert response.status_code == 302
