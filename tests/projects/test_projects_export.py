"""Exports of the list of projects: CSV and XLSX, the filtered rows (every page), never the leader's personal data."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from projects.models import Project
from projects.models import projects as project_models

from ..helpers import response_bytes
from ..territories.factories import ActorFactory, SectorFactory
from .factories import ProjectFactory

LEADER = {
    "leader_name": "Camille Porteuse",
    "leader_email": "camille.porteuse@exemple.fr",
    "leader_phone": "0612345678",
}
URL = "/projets/"


def csv_rows(response):
    raw = response_bytes(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response_bytes(response))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def full_project(own_territory):
    project = ProjectFactory(
        territory=own_territory,
        reference="FAB-2026-0007",
        title="Garage solidaire",
        sector=SectorFactory(name="Mobilité test", slug="mobilite-test"),
        origin=Project.Origin.CREATIVITY_SESSION,
        stage=Project.Stage.INCUBATION,
        stage_since=timezone.make_aware(datetime.datetime(2026, 1, 15, 9)),
        summary="Réparer les voitures des personnes en insertion.",
        target_public="Personnes en insertion",
        target_legal_form="SCIC",
        referent_actor=ActorFactory(name="BGE Picardie test"),
        jobs_planned_fte=Decimal("2.5"),
        budget=Decimal("15000.50"),
        next_step_due=timezone.localdate() - datetime.timedelta(days=2),
        **LEADER,
    )
    return project


def test_csv_export_holds_the_project_and_never_the_leaders_personal_data(client_for, coordinator, full_project):
    response = client_for(coordinator).get(URL, {"export": "csv"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    header, row = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[:6] == ["Référence", "Intitulé", "Territoire", "Filière", "Origine", "Étape"]
    assert len(rows) == 2
    assert row["Référence"] == "FAB-2026-0007" and row["Intitulé"] == "Garage solidaire"
    assert row["Territoire"] == "Beauvaisis" and row["Filière"] == "Mobilité test"
    assert row["Origine"] == "séance de créativité" and row["Étape"] == "accompagnement à la création"
    assert row["En pause ou abandonné"] == "" and row["À l’arrêt"] == "oui"
    assert row["À cette étape depuis le"] == "15/01/2026 09:00"
    assert row["Acteur référent"] == "BGE Picardie test"
    assert row["Emplois prévus (ETP)"] == "2,5" and row["Budget (€)"] == "15000,50"
    flat = ";".join(";".join(line) for line in rows)
    for value in LEADER.values():
        assert value not in flat
    assert not any("porteu" in title.lower() and "structure" not in title.lower() for title in header)


def test_xlsx_export_holds_every_filtered_row_not_only_the_page(
    client_for, coordinator, own_territory, other_territory
):
    ProjectFactory.create_batch(30, territory=own_territory, **LEADER)
    ProjectFactory(territory=other_territory, title="Hors filtre")
    response = client_for(coordinator).get(URL, {"territoire": "beauvaisis", "export": "xlsx"})
    assert response.status_code == 200
    rows = xlsx_rows(response)
    assert len(rows) == 1 + 30
    assert rows[0][0] == "Référence"
    flat = " ".join(str(value) for row in rows for value in row)
    assert "Hors filtre" not in flat
    for value in LEADER.values():
        assert value not in flat


def test_xlsx_cells_are_typed(client_for, coordinator, full_project):
    rows = xlsx_rows(client_for(coordinator).get(URL, {"export": "xlsx"}))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["À cette étape depuis le"] == datetime.datetime(2026, 1, 15, 9)
    assert row["Budget (€)"] == pytest.approx(15000.5) and row["Emplois prévus (ETP)"] == pytest.approx(2.5)
    assert row["Étude de plus de 12 mois"] == "non"


def test_the_export_follows_the_filters_and_sorting(client_for, coordinator, own_territory):
    ProjectFactory(territory=own_territory, title="Bêta", stage=Project.Stage.INCUBATION)
    ProjectFactory(territory=own_territory, title="Alpha", stage=Project.Stage.INCUBATION)
    ProjectFactory(territory=own_territory, title="Hors étape")
    rows = csv_rows(client_for(coordinator).get(URL, {"etape": "incubation", "tri": "intitule", "export": "csv"}))
    assert [row[1] for row in rows[1:]] == ["Alpha", "Bêta"]


def test_a_referents_export_holds_what_their_page_shows(client_for, referent, own_territory, other_territory):
    ProjectFactory(territory=own_territory, title="Chez moi")
    ProjectFactory(territory=other_territory, title="Ailleurs")
    client = client_for(referent)
    assert [row[1] for row in csv_rows(client.get(URL, {"export": "csv"}))[1:]] == ["Chez moi"]
    region = csv_rows(client.get(URL, {"perimetre": "region", "export": "csv"}))
    assert {row[1] for row in region[1:]} == {"Chez moi", "Ailleurs"}


def test_partners_export_is_empty_until_a_committee(client_for, partner, own_territory, monkeypatch):
    ProjectFactory(territory=own_territory, title="Garage solidaire", **LEADER)
    client = client_for(partner)
    assert csv_rows(client.get(URL, {"export": "csv"}))[1:] == []
    monkeypatch.setattr(project_models, "committee_condition", lambda user: ~project_models.models.Q(pk=None))
    rows = xlsx_rows(client.get(URL, {"export": "xlsx"}))
    flat = " ".join(str(value) for row in rows for value in row)
    assert "Garage solidaire" in flat
    for value in LEADER.values():
        assert value not in flat


def test_staff_and_anonymous_get_no_export(client_for, staff, own_territory):
    ProjectFactory(territory=own_territory)
    assert client_for(staff).get(URL, {"export": "csv"}).status_code == 403
    response = client_for(None).get(URL, {"export": "xlsx"})
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_a_formula_in_a_title_is_neutralised(client_for, coordinator, own_territory):
    ProjectFactory(territory=own_territory, title='=HYPERLINK("http://exemple.fr")')
    rows = csv_rows(client_for(coordinator).get(URL, {"export": "csv"}))
    assert rows[1][1].startswith("'=")


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_query_budget_does_not_grow(
    client_for, coordinator, own_territory, django_assert_max_num_queries, count, kind
):
    for _ in range(count):
        ProjectFactory(territory=own_territory, sector=SectorFactory(), referent_actor=ActorFactory())
    client = client_for(coordinator)
    # The body is read inside the budget: a streamed export queries while it is being sent.
    with django_assert_max_num_queries(4):
        response = client.get(URL, {"export": kind, "arret": "oui", "referent": "moi"})
        body = response_bytes(response)
    assert response.status_code == 200 and body
    with django_assert_max_num_queries(4):
        response = client.get(URL, {"export": kind})
        body = response_bytes(response)
    assert response.status_code == 200 and body
