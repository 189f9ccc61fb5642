"""The shared import flow (core.views.import_upload / import_confirm), driven by a stub validator and service."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.imports import SESSION_KEY, ImportFileError, ImportFlow, ImportResult
from core.views import import_confirm, import_upload
from territories.forms.needs import NeedImportForm

from ..helpers import text

pytestmark = pytest.mark.django_db


class Rows(ImportResult):
    @property
    def preview(self):
        # What the needs preview template iterates: (line, row) pairs.
        return list(enumerate(self.rows, start=2))


class Stub:
    """A validator and a service that record their calls."""

    def __init__(self, *, result=None, file_error=None, save_error=None):
        self.result = result or Rows(rows=[{"title": "Navette"}, {"title": "Covoiturage"}])
        self.file_error, self.save_error = file_error, save_error
        self.saved = []

    def validate(self, *, name, content, user):
        if self.file_error:
            raise ImportFileError(self.file_error)
        return self.result

    def save(self, *, rows, by):
        if self.save_error:
            raise ValidationError(self.save_error)
        self.saved.append((rows, by))
        return rows


def flow_of(stub):
    # The needs import's pages and URL names: the flow is what is under test, not the templates.
    return ImportFlow(
        kind="stub",
        permission="territories.import_needs",
        form_class=NeedImportForm,
        validate=stub.validate,
        save=stub.save,
        success_message=lambda count: f"{count} lignes enregistrées.",
        upload_template="territories/needs/need_import.html",
        preview_template="territories/needs/need_import_preview.html",
        upload_url="need_import",
        confirm_url="need_import_confirm",
        done_url="need_list",
    )


def post_file(rf, user, session):
    request = rf.post("/", {"file": SimpleUploadedFile("f.csv", b"a;b\n1;2\n")})
    request.user, request.session, request._messages = user, session, _Messages()
    return request


class _Messages(list):
    def add(self, level, message, extra_tags=""):
        self.append(str(message))


def request_of(rf, user, session, method="get"):
    request = getattr(rf, method)("/")
    request.user, request.session, request._messages = user, session, _Messages()
    return request


@pytest.fixture
def session(client):
    return client.session


def test_result_messages_name_the_line_and_preview_defaults_to_the_rows():
    result = ImportResult(rows=[{"a": 1}], errors=[(3, "source manquante")])
    assert result.messages == ["Ligne 3 : source manquante"]
    assert result.preview == [{"a": 1}]
    assert not result.is_valid


def test_a_valid_file_is_stashed_then_saved_whole_on_confirmation(rf, coordinator, session):
    stub = Stub()
    response = import_upload(post_file(rf, coordinator, session), flow_of(stub))
    assert response.status_code == 302
    key = response["Location"].rstrip("/").split("/")[-1]
    assert response["Location"] == reverse("need_import_confirm", kwargs={"key": key})
    assert list(session[SESSION_KEY]) == [key]

    preview = import_confirm(request_of(rf, coordinator, session), flow_of(stub), key)
    assert preview.status_code == 200 and "Navette" in preview.content.decode()
    assert stub.saved == []

    confirm = request_of(rf, coordinator, session, "post")
    response = import_confirm(confirm, flow_of(stub), key)
    assert response["Location"] == reverse("need_list")
    assert stub.saved == [(stub.result.rows, coordinator)]
    assert confirm._messages == ["2 lignes enregistrées."]
    assert session[SESSION_KEY] == {}


def test_line_errors_are_listed_and_nothing_is_stashed(rf, coordinator, session):
    stub = Stub(result=ImportResult(errors=[(2, "intitulé manquant")]))
    response = import_upload(post_file(rf, coordinator, session), flow_of(stub))
    assert response.status_code == 200
    assert "Ligne 2 : intitulé manquant" in text(response)
    assert not session.get(SESSION_KEY)


def test_an_unreadable_file_is_an_error_of_the_file_field(rf, coordinator, session):
    stub = Stub(file_error="Le fichier est vide.")
    response = import_upload(post_file(rf, coordinator, session), flow_of(stub))
    assert response.status_code == 200
    assert "Le fichier est vide." in text(response)
    assert not session.get(SESSION_KEY)


def test_a_service_refusal_on_confirmation_is_shown_and_the_file_forgotten(rf, coordinator, session):
    stub = Stub(save_error="Un acteur de ce nom existe déjà.")
    key = import_upload(post_file(rf, coordinator, session), flow_of(stub))["Location"].rstrip("/").split("/")[-1]
    response = import_confirm(request_of(rf, coordinator, session, "post"), flow_of(stub), key)
    assert response.status_code == 200
    assert "Un acteur de ce nom existe déjà." in text(response)
    assert stub.saved == [] and session[SESSION_KEY] == {}


def test_the_file_is_checked_again_on_confirmation(rf, coordinator, session):
    stub = Stub()
    key = import_upload(post_file(rf, coordinator, session), flow_of(stub))["Location"].rstrip("/").split("/")[-1]
    stub.result = ImportResult(errors=[(2, "filière inconnue « mobilite »")])
    response = import_confirm(request_of(rf, coordinator, session, "post"), flow_of(stub), key)
    assert "Ligne 2 : filière inconnue « mobilite »" in text(response)
    assert stub.saved == [] and session[SESSION_KEY] == {}


@pytest.mark.parametrize("role", ["partner", "anonymous"])
def test_who_lacks_the_permission_is_refused_both_steps(rf, request, role, session):
    # The flow checks the flow's permission itself: here the needs import's, which a partner lacks.
    user = AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)
    stub = Stub()
    with pytest.raises(PermissionDenied):
        import_upload(post_file(rf, user, session), flow_of(stub))
    with pytest.raises(PermissionDenied):
        import_confirm(request_of(rf, user, session, "post"), flow_of(stub), "0" * 32)
    assert stub.saved == []
