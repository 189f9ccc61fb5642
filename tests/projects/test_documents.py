"""Project documents: recognised from their content, stored through the storage, downloaded only through a view
that checks access, with the right headers; internal ones never reach partners or other territories' referents."""

import io
import os
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from openpyxl import Workbook

from core import uploads
from projects.models import ProjectDocument
from projects.selectors.follow_up import document_get, project_documents
from projects.selectors.projects import project_get
from projects.services.documents import document_create

from ..helpers import response_bytes, text
from .factories import ProjectDocumentFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def zipped(members, *, first_stored=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first_stored:
            archive.writestr(zipfile.ZipInfo(first_stored[0]), first_stored[1], compress_type=zipfile.ZIP_STORED)
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def content_types(main):
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>'
    )


def odf(mimetype):
    return zipped(
        {"content.xml": "<office:document-content/>", "META-INF/manifest.xml": "<manifest/>"},
        first_stored=("mimetype", mimetype),
    )


def xlsx_bytes():
    workbook = Workbook()
    workbook.active["A1"] = "Budget prévisionnel"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


ACCEPTED = [
    ("etude.pdf", PDF_BYTES, "application/pdf"),
    ("plan.png", PNG_BYTES, "image/png"),
    ("photo.JPG", JPEG_BYTES, "image/jpeg"),
    ("photo.jpeg", JPEG_BYTES, "image/jpeg"),
    ("compte-rendu.odt", odf("application/vnd.oasis.opendocument.text"), "application/vnd.oasis.opendocument.text"),
    (
        "budget.ods",
        odf("application/vnd.oasis.opendocument.spreadsheet"),
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
    (
        "etude.docx",
        zipped({"[Content_Types].xml": content_types(DOCX_MAIN), "word/document.xml": "<w:document/>"}),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("budget.xlsx", xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
]


@pytest.mark.parametrize(("name", "content", "content_type"), ACCEPTED, ids=[row[0] for row in ACCEPTED])
def test_accepted_formats_are_recognised_from_their_content(name, content, content_type):
    assert uploads.check_upload(upload(name, content), max_bytes=20 * 1024 * 1024).content_type == content_type


REFUSED = [
    ("programme.pdf", EXE_BYTES, "n’est pas celui d’un fichier PDF"),
    ("programme.exe", EXE_BYTES, "Ce format n’est pas accepté"),
    ("sans-extension", PDF_BYTES, "Ce format n’est pas accepté"),
    ("page.html", b"<html>%PDF-</html>", "Ce format n’est pas accepté"),
    ("archive.docx", zipped({"notes.txt": "rien"}), "n’est pas celui d’un fichier DOCX"),
    ("vide.pdf", b"", "Ce fichier est vide"),
    ("image.pdf", PNG_BYTES, "son contenu est celui d’un fichier PNG"),
    ("texte.odt", odf("application/vnd.oasis.opendocument.spreadsheet"), "son contenu est celui d’un fichier ODS"),
    (
        "macros.docx",
        zipped({"[Content_Types].xml": content_types("application/vnd.ms-word.document.macroEnabled.main+xml")}),
        "contient des macros",
    ),
    (
        "entites.docx",
        zipped({"[Content_Types].xml": '<!DOCTYPE t [<!ENTITY a "b">]>' + content_types(DOCX_MAIN)}),
        "n’est pas celui d’un fichier DOCX",
    ),
    ("tronque.docx", b"PK\x03\x04" + b"\x00" * 40, "n’est pas celui d’un fichier DOCX"),
]


@pytest.mark.parametrize(("name", "content", "message"), REFUSED, ids=[row[0] for row in REFUSED])
def test_other_contents_are_refused_in_french(name, content, message):
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(upload(name, content), max_bytes=20 * 1024 * 1024)
    assert message in error.value.messages[0]


def test_a_file_over_the_limit_is_refused_before_its_content_is_read():
    big = upload("etude.pdf", PDF_BYTES + b"\x00" * (21 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(big, max_bytes=20 * 1024 * 1024)
    assert "pèse 21\u00a0Mo\u00a0: 20\u00a0Mo au plus" in error.value.messages[0]


def test_a_zip_declaring_too_much_is_refused_without_being_decompressed(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_ZIP_UNCOMPRESSED_BYTES", 100_000)
    bomb = zipped({"[Content_Types].xml": content_types(DOCX_MAIN), "word/document.xml": "0" * 200_000})
    assert len(bomb) < 5_000
    with pytest.raises(ValidationError):
        uploads.check_upload(upload("bombe.docx", bomb), max_bytes=20 * 1024 * 1024)


def test_a_huge_declaration_part_is_not_read(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_DECLARATION_BYTES", 1_000)
    padded = zipped({"[Content_Types].xml": content_types(DOCX_MAIN) + " " * 2_000})
    with pytest.raises(ValidationError):
        uploads.check_upload(upload("etude.docx", padded), max_bytes=20 * 1024 * 1024)


def test_the_accept_attribute_lists_the_types():
    accept = uploads.accept_attribute()
    for piece in (".pdf", ".odt", ".ods", ".docx", ".xlsx", ".png", ".jpg", ".jpeg", "application/pdf"):
        assert piece in accept


# --- service ------------------------------------------------------------------------------------


def stored_files(settings):
    return [name for _root, _dirs, names in os.walk(settings.MEDIA_ROOT) for name in names]


def test_a_document_is_stored_with_what_its_content_is(referent, project, settings):
    document = document_create(
        by=referent,
        project=project,
        kind="minutes",
        title="CR",
        file=upload("C:\\Users\\moi\\CR du 3.pdf", PDF_BYTES),
        is_internal=False,
    )
    document.refresh_from_db()
    assert document.content_type == "application/pdf" and document.size == len(PDF_BYTES)
    assert document.original_name == "CR du 3.pdf" and document.uploaded_by == referent
    assert document.file.name.startswith("projets/documents/") and document.file.name.endswith(".pdf")
    with document.file.open("rb") as handle:
        assert handle.read() == PDF_BYTES
    assert len(stored_files(settings)) == 1


@pytest.mark.parametrize("fixture", ["other_referent", "partner"])
def test_others_may_not_add_a_document(request, fixture, project, settings):
    with pytest.raises(PermissionDenied):
        document_create(
            by=request.getfixturevalue(fixture),
            project=project,
            kind="other",
            title="X",
            file=upload("a.pdf", PDF_BYTES),
        )
    assert not ProjectDocument.objects.exists() and stored_files(settings) == []


def test_a_refused_file_leaves_nothing_behind(referent, project, settings):
    with pytest.raises(ValidationError) as error:
        document_create(by=referent, project=project, kind="other", title="X", file=upload("a.pdf", EXE_BYTES))
    assert "file" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        document_create(by=referent, project=project, kind="nonsense", title="X", file=upload("a.pdf", PDF_BYTES))
    assert "kind" in error.value.message_dict
    assert not ProjectDocument.objects.exists() and stored_files(settings) == []


# --- pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "status"),
    [("coordinator", 200), ("referent", 200), ("other_referent", 403), ("partner", 403), ("staff", 403)],
)
def test_the_upload_form_per_role(client_for, request, fixture, status, project):
    response = client_for(request.getfixturevalue(fixture)).get(
        reverse("document_create", kwargs={"project": project.pk})
    )
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert 'enctype="multipart/form-data"' in page and 'accept=".pdf,' in page


def test_a_referent_uploads_a_document_from_the_page(client_for, referent, project):
    response = client_for(referent).post(
        reverse("document_create", kwargs={"project": project.pk}),
        {
            "kind": "opportunity_study",
            "title": "",
            "file": upload("Étude d’opportunité.pdf", PDF_BYTES),
            "is_internal": "on",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#documents")
    document = ProjectDocument.objects.get()
    assert document.title == "Étude d’opportunité" and document.is_internal


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programme.pdf", EXE_BYTES, "n’est pas celui d’un fichier PDF"),
        ("archive.docx", zipped({"notes.txt": "rien"}), "n’est pas celui d’un fichier DOCX"),
        ("vide.pdf", b"", "Ce fichier est vide"),
    ],
)
def test_the_page_refuses_bad_files_in_french(client_for, referent, project, settings, name, content, message):
    response = client_for(referent).post(
        reverse("document_create", kwargs={"project": project.pk}),
        {"kind": "other", "title": "Fichier", "file": upload(name, content)},
    )
    assert response.status_code == 200 and message in text(response) and "Erreur" in text(response)
    assert not ProjectDocument.objects.exists() and stored_files(settings) == []


def test_the_page_refuses_a_21_mb_file(client_for, referent, project, settings):
    response = client_for(referent).post(
        reverse("document_create", kwargs={"project": project.pk}),
        {"kind": "other", "title": "Gros", "file": upload("gros.pdf", PDF_BYTES + b"\x00" * (21 * 1024 * 1024))},
    )
    assert response.status_code == 200 and "20\u00a0Mo au plus" in text(response)
    assert not ProjectDocument.objects.exists() and stored_files(settings) == []


def test_an_empty_submit_shows_the_errors(client_for, referent, project):
    response = client_for(referent).post(reverse("document_create", kwargs={"project": project.pk}), {})
    assert response.status_code == 200 and "Choisissez le fichier à déposer." in text(response)


def test_another_referent_cannot_upload(client_for, other_referent, project, settings):
    response = client_for(other_referent).post(
        reverse("document_create", kwargs={"project": project.pk}),
        {"kind": "other", "title": "X", "file": upload("a.pdf", PDF_BYTES)},
    )
    assert response.status_code == 403 and stored_files(settings) == []


# --- download -----------------------------------------------------------------------------------


@pytest.fixture
def internal_document(project):
    return ProjectDocumentFactory(
        project=project, is_internal=True, original_name="Étude interne.pdf", title="Étude interne"
    )


@pytest.fixture
def shared_document(project):
    return ProjectDocumentFactory(
        project=project, is_internal=False, original_name="Synthèse.pdf", title="Synthèse partagée"
    )


@pytest.mark.parametrize("fixture", ["coordinator", "referent"])
def test_editors_download_internal_documents_with_safe_headers(client_for, request, fixture, internal_document):
    response = client_for(request.getfixturevalue(fixture)).get(
        reverse("document_download", kwargs={"document": internal_document.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%C3%89tude%20interne.pdf" in response["Content-Disposition"]
    assert response_bytes(response).startswith(b"%PDF-")


def test_other_referents_download_shared_documents_only(client_for, other_referent, internal_document, shared_document):
    client = client_for(other_referent)
    assert client.get(reverse("document_download", kwargs={"document": shared_document.pk})).status_code == 200
    assert client.get(reverse("document_download", kwargs={"document": internal_document.pk})).status_code == 404


def test_partners_download_nothing_of_projects_they_do_not_read(
    client_for, partner, internal_document, shared_document
):
    client = client_for(partner)
    for document in (internal_document, shared_document):
        assert client.get(reverse("document_download", kwargs={"document": document.pk})).status_code == 404


def test_partners_never_read_internal_documents_even_of_a_project_they_read(
    partner, internal_document, shared_document, monkeypatch
):
    # The governance issue puts projects before committees; until then, a partner's reading is simulated.
    from django.db.models import Q

    from projects.models import projects as project_models

    monkeypatch.setattr(project_models, "committee_condition", lambda user: Q())
    project = internal_document.project
    assert [document.title for document in project_documents(project=project, user=partner)] == ["Synthèse partagée"]
    assert document_get(user=partner, pk=shared_document.pk) == shared_document
    from django.http import Http404

    with pytest.raises(Http404):
        document_get(user=partner, pk=internal_document.pk)


def test_staff_and_anonymous_are_refused_the_download(client_for, staff, shared_document):
    url = reverse("document_download", kwargs={"document": shared_document.pk})
    assert client_for(staff).get(url).status_code == 403
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and "/comptes/login/" in anonymous["Location"]


def test_a_file_missing_from_the_storage_answers_404(client_for, coordinator, shared_document):
    shared_document.file.storage.delete(shared_document.file.name)
    response = client_for(coordinator).get(reverse("document_download", kwargs={"document": shared_document.pk}))
    assert response.status_code == 404


def test_the_blocks_list_documents_the_user_may_read(referent, other_referent, internal_document, shared_document):
    blocks = Template("{% load follow_up %}{% follow_up_blocks project user %}")
    project = internal_document.project
    own = blocks.render(Context({"project": project_get(user=referent, pk=project.pk), "user": referent}))
    assert "Étude interne" in own and "Synthèse partagée" in own and "Déposer un document" in own
    assert reverse("document_download", kwargs={"document": internal_document.pk}) in own
    other = blocks.render(Context({"project": project_get(user=other_referent, pk=project.pk), "user": other_referent}))
    assert "Étude interne" not in other and "Synthèse partagée" in other and "Déposer un document" not in other
