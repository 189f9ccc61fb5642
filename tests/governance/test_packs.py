"""The annual committee pack: asking for it builds it in the background (eagerly here), its PDF and workbook carry
the figures of governance/indicators.py, versions are kept, and only a published pack reaches the committee's
partners."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from core.models import Job
from core.roles import Role
from governance import indicators
from governance.models import CommitteePack
from governance.services import packs as services

from ..fabrique.factories import UserFactory
from ..helpers import response_bytes, text
from .factories import CommitteeFactory, CommitteeMemberFactory, CommitteePackFactory
from .indicator_data import YEAR, known_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return known_year()


def _request(client, committee, django_capture_on_commit_callbacks, **data):
    body = {"year": YEAR, "foreword": "Une année de coopérations.", "next_year_plan": "Deux séances de créativité."}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pack_request", kwargs={"committee": committee.pk}), {**body, **data})
    return response


@pytest.fixture
def built(data, coordinator, client_for, django_capture_on_commit_callbacks):
    client = client_for(coordinator)
    response = _request(client, data.committee, django_capture_on_commit_callbacks)
    pack = CommitteePack.objects.get(committee=data.committee, year=YEAR, number=1)
    assert response.status_code == 302 and response.url == reverse("pack_detail", kwargs={"pack": pack.pk})
    return pack


def _flat(value):
    return re.sub(r"[\s\u00a0\u202f]+", " ", value)


def test_request_builds_the_pack(built):
    assert built.status == CommitteePack.Status.READY
    assert built.progress == 100
    assert built.pdf.name.endswith(".pdf") and built.xlsx.name.endswith(".xlsx")
    assert built.snapshot["year"] == YEAR
    assert built.snapshot["foreword"] == "Une année de coopérations."
    job = Job.objects.get(dedup_key=f"pack:{built.pk}")
    assert job.kind == "governance.pack_build" and job.status == Job.Status.DONE


def test_pdf_text_holds_the_indicator_figures(built):
    values = indicators.indicators_for(year=YEAR)
    content = built.pdf.open("rb").read()
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    pdf_text = _flat("\n".join(page.extract_text() for page in reader.pages))
    for indicator in indicators.INDICATORS:
        row = f"{indicator.label} "
        assert _flat(str(indicator.label)) in pdf_text
        figure = _flat(indicators.display(values[indicator.key], indicator.unit))
        # The figure follows the indicator's definition and date in its row.
        row_text = pdf_text.split(_flat(str(indicator.definition)), 1)[1][:400]
        assert figure in row_text, (row, figure)
    assert "17 000 €" in pdf_text and "10 000 €" in pdf_text
    assert "Une année de coopérations." in pdf_text and "Deux séances de créativité." in pdf_text
    assert "Comité de pilotage connu" in pdf_text
    assert f"Page 1 / {len(reader.pages)}" in pdf_text


def test_pdf_summaries_hold_no_personal_data_nor_internal_notes(built, data):
    content = built.pdf.open("rb").read()
    pdf_text = _flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))
    p1 = data.projects["p1"]
    assert p1.title in pdf_text and "Garage solidaire pour les personnes en insertion." in pdf_text
    for secret in ("Jeanne", "jeanne.secrete", "06 11 22 33 44", "Note interne confidentielle"):
        assert secret not in pdf_text
        assert secret not in str(built.snapshot)


def test_snapshot_lists_projects_before_the_committee_and_its_decisions(built, data):
    references = [summary["reference"] for summary in built.snapshot["projects"]]
    assert references == [data.projects["p3"].reference, data.projects["p1"].reference, data.projects["p2"].reference]
    outcomes = [decision["outcome"] for decision in built.snapshot["decisions"]]
    assert len(outcomes) == 4
    assert built.snapshot["decisions"][0]["conditions"] == "Marché trop étroit."


def test_xlsx_sheets_hold_the_same_figures(built):
    values = indicators.indicators_for(year=YEAR)
    workbook = load_workbook(io.BytesIO(built.xlsx.open("rb").read()), read_only=True)
    assert workbook.sheetnames == [
        "Indicateurs",
        "Trimestres",
        "Étapes",
        "Territoires",
        "Filières",
        "Décisions",
        "Projets présentés",
        "Financements",
        "Animation",
        "Partenaires",
    ]
    rows = list(workbook["Indicateurs"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Indicateur", "Valeur", "Objectif", "Atteint (%)")
    by_label = {row[0]: row for row in rows[1:]}
    for indicator in indicators.INDICATORS:
        cell = by_label[str(indicator.label)][1]
        expected = values[indicator.key]
        assert (cell is None and expected is None) or float(cell) == float(expected), indicator.key
    assert float(by_label["Idées détectées"][2]) == 10 and float(by_label["Idées détectées"][3]) == 30
    quarters = {row[0]: row for row in workbook["Trimestres"].iter_rows(values_only=True)}
    assert [float(value) for value in quarters["Emplois créés (ETP)"][1:6]] == [0, 0, 3.5, 2.0, 5.5]
    funding = {row[0]: row for row in workbook["Financements"].iter_rows(values_only=True)}
    assert float(funding["Financeur connu 1"][3]) == 8000


def test_asking_again_makes_version_2_and_keeps_1(
    built, data, coordinator, client_for, django_capture_on_commit_callbacks
):
    first_pdf = built.pdf.name
    _request(client_for(coordinator), data.committee, django_capture_on_commit_callbacks, foreword="Seconde version.")
    packs = CommitteePack.objects.filter(committee=data.committee, year=YEAR).order_by("number")
    assert [pack.number for pack in packs] == [1, 2]
    assert packs[0].pdf.name == first_pdf and packs[0].status == CommitteePack.Status.READY
    assert packs[1].status == CommitteePack.Status.READY and packs[1].snapshot["foreword"] == "Seconde version."
    page = text(client_for(coordinator).get(reverse("pack_detail", kwargs={"pack": packs[1].pk})))
    assert "Versions de ce dossier" in page and "Version 1" in page


def test_the_request_form_starts_from_the_last_texts(built, data, coordinator, client_for):
    response = client_for(coordinator).get(reverse("pack_request", kwargs={"committee": data.committee.pk}))
    assert response.status_code == 200
    page = text(response)
    assert "Une année de coopérations." in page and f'value="{timezone.localdate().year - 1}"' in page


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("abc", "Saisissez une année entre 2000 et"),
        ("1990", "Saisissez une année entre 2000 et"),
        (str(timezone.localdate().year + 1), "Saisissez une année entre 2000 et"),
        ("", "Saisissez l’année du dossier."),
    ],
)
def test_bad_year_is_refused_in_french(year, message, coordinator, client_for, django_capture_on_commit_callbacks):
    committee = CommitteeFactory()
    response = _request(client_for(coordinator), committee, django_capture_on_commit_callbacks, year=year)
    assert response.status_code == 200
    assert message in text(response)
    assert not CommitteePack.objects.exists() and not Job.objects.exists()


def test_nul_in_foreword_is_refused(coordinator, client_for, django_capture_on_commit_callbacks):
    committee = CommitteeFactory()
    response = _request(client_for(coordinator), committee, django_capture_on_commit_callbacks, foreword="a\x00b")
    assert response.status_code == 200
    assert not CommitteePack.objects.exists()


def test_only_coordinators_ask_for_a_pack(referent, partner, client_for):
    committee = CommitteeFactory()
    CommitteeMemberFactory(committee=committee, user=partner)
    url = reverse("pack_request", kwargs={"committee": committee.pk})
    for user in (referent, partner):
        assert client_for(user).post(url, {"year": YEAR}).status_code == 403
    assert client_for(None).get(url).status_code == 302
    assert not CommitteePack.objects.exists()


def test_publish_opens_the_pack_to_the_committee_partners(built, data, coordinator, partner, referent, client_for):
    CommitteeMemberFactory(committee=data.committee, user=partner)
    outsider = UserFactory(role=Role.PARTNER)
    CommitteeMemberFactory(committee=CommitteeFactory(), user=outsider)
    detail = reverse("pack_detail", kwargs={"pack": built.pk})
    pdf = reverse("pack_download", kwargs={"pack": built.pk, "file_format": "pdf"})
    # Unpublished: hidden from partners and referents, in the list and on its page.
    for user in (partner, referent):
        assert client_for(user).get(detail).status_code == 403
        assert client_for(user).get(pdf).status_code == 403
        assert data.committee.name not in text(client_for(user).get(reverse("pack_list")))
    assert "Publier" in text(client_for(coordinator).get(detail))

    response = client_for(coordinator).post(reverse("pack_publish", kwargs={"pack": built.pk}))
    assert response.status_code == 302
    built.refresh_from_db()
    assert built.published_at is not None and built.published_by == coordinator

    for user in (partner, referent):
        assert client_for(user).get(detail).status_code == 200
        assert data.committee.name in text(client_for(user).get(reverse("pack_list")))
        download = client_for(user).get(pdf)
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert download["X-Content-Type-Options"] == "nosniff"
        assert download["Content-Disposition"].startswith("attachment")
        assert response_bytes(download).startswith(b"%PDF")
    page = text(client_for(partner).get(detail))
    assert "Publier" not in page and "Demander une nouvelle version" not in page
    assert client_for(outsider).get(detail).status_code == 403
    assert client_for(outsider).get(pdf).status_code == 403
    assert data.committee.name not in text(client_for(outsider).get(reverse("pack_list")))
    assert client_for(partner).post(reverse("pack_publish", kwargs={"pack": built.pk})).status_code == 403


def test_xlsx_download_and_unknown_format(built, coordinator, client_for):
    client = client_for(coordinator)
    xlsx = client.get(reverse("pack_download", kwargs={"pack": built.pk, "file_format": "xlsx"}))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(reverse("pack_download", kwargs={"pack": built.pk, "file_format": "exe"})).status_code == 404


def test_a_pack_not_ready_cannot_be_published_nor_downloaded(coordinator, client_for):
    pack = CommitteePackFactory(status=CommitteePack.Status.BUILDING, progress=40)
    client = client_for(coordinator)
    response = client.post(reverse("pack_publish", kwargs={"pack": pack.pk}), follow=True)
    assert "Seul un dossier prêt peut être publié" in text(response)
    pack.refresh_from_db()
    assert pack.published_at is None
    assert client.get(reverse("pack_download", kwargs={"pack": pack.pk, "file_format": "pdf"})).status_code == 404


def test_progress_is_polled_while_building_then_the_page_reloads(coordinator, client_for):
    pack = CommitteePackFactory(status=CommitteePack.Status.BUILDING, progress=40)
    client = client_for(coordinator)
    page = text(client.get(reverse("pack_detail", kwargs={"pack": pack.pk})))
    progress_url = reverse("pack_progress", kwargs={"pack": pack.pk})
    assert f'hx-get="{progress_url}"' in page and 'hx-trigger="every 2s"' in page and 'aria-valuenow="40"' in page
    polled = client.get(progress_url, headers={"HX-Request": "true"})
    assert polled.status_code == 200 and "HX-Refresh" not in polled
    CommitteePack.objects.filter(pk=pack.pk).update(status=CommitteePack.Status.READY, progress=100)
    polled = client.get(progress_url, headers={"HX-Request": "true"})
    assert polled["HX-Refresh"] == "true"
    assert "hx-get" not in text(polled) and "Télécharger le PDF" in text(polled)


def test_a_failed_build_says_so_in_french_and_raises(data, coordinator, monkeypatch):
    pack = services.pack_request(committee=data.committee, year=YEAR, by=coordinator)

    def broken(snapshot):
        raise RuntimeError("plus de papier")

    monkeypatch.setattr("governance.packs.pdf.pack_pdf", broken)
    with pytest.raises(RuntimeError):
        services.pack_build(pack_id=pack.pk)
    pack.refresh_from_db()
    assert pack.status == CommitteePack.Status.FAILED
    assert pack.error.startswith("La préparation du dossier a échoué")
    assert not pack.pdf
    monkeypatch.undo()
    services.pack_build(pack_id=pack.pk)
    pack.refresh_from_db()
    assert pack.status == CommitteePack.Status.READY and pack.error == ""


def test_a_ready_pack_is_not_built_again(built):
    beats = []
    services.pack_build(pack_id=built.pk, beat=lambda: beats.append(1))
    again = CommitteePack.objects.get(pk=built.pk)
    assert again.pdf.name == built.pdf.name and again.built_at == built.built_at
    assert beats == []


def test_the_build_beats_between_steps(data, coordinator):
    pack = services.pack_request(committee=data.committee, year=YEAR, by=coordinator)
    beats = []
    services.pack_build(pack_id=pack.pk, beat=lambda: beats.append(1))
    assert len(beats) >= 5


def test_committee_page_block(built, data, coordinator, partner, client_for):
    CommitteeMemberFactory(committee=data.committee, user=partner)
    url = reverse("committee_detail", kwargs={"committee": data.committee.pk})
    page = text(client_for(coordinator).get(url))
    assert "Préparer le dossier annuel" in page and reverse("pack_detail", kwargs={"pack": built.pk}) in page
    page = text(client_for(partner).get(url))
    assert "Préparer le dossier annuel" not in page
    assert reverse("pack_detail", kwargs={"pack": built.pk}) not in page
    CommitteePack.objects.filter(pk=built.pk).update(published_at=timezone.now())
    page = text(client_for(partner).get(url))
    assert reverse("pack_detail", kwargs={"pack": built.pk}) in page


@pytest.mark.parametrize("count", [3, 30])
def test_pack_list_query_budget(count, coordinator, partner, client_for, django_assert_max_num_queries):
    committee = CommitteeFactory()
    CommitteeMemberFactory(committee=committee, user=partner)
    for number in range(count):
        CommitteePackFactory(committee=committee, year=2000 + number, number=1, published_at=timezone.now())
    for user in (coordinator, partner):
        client = client_for(user)
        with django_assert_max_num_queries(8):
            response = client.get(reverse("pack_list"))
        assert response.status_code == 200
        assert committee.name in text(response)


@pytest.mark.parametrize("count", [3, 30])
def test_pack_page_query_budget(count, coordinator, partner, client_for, django_assert_max_num_queries):
    """The pack page reads the snapshot and the list of versions: its query count does not grow with them."""
    committee = CommitteeFactory()
    CommitteeMemberFactory(committee=committee, user=partner)
    packs = [
        CommitteePackFactory(committee=committee, year=2025, number=number + 1, published_at=timezone.now())
        for number in range(count)
    ]
    for user in (coordinator, partner):
        client = client_for(user)
        with django_assert_max_num_queries(8):
            response = client.get(reverse("pack_detail", kwargs={"pack": packs[-1].pk}))
        assert response.status_code == 200
        assert committee.name in text(response)


def test_staff_and_anonymous_are_kept_out(staff, client_for):
    pack = CommitteePackFactory(published_at=timezone.now())
    assert client_for(staff).get(reverse("pack_list")).status_code == 403
    assert client_for(staff).get(reverse("pack_detail", kwargs={"pack": pack.pk})).status_code == 403
    assert client_for(None).get(reverse("pack_detail", kwargs={"pack": pack.pk})).status_code == 302
