"""The shared form page (core.views.form_page): a service's refusal lands on the form, a success redirects."""

from dataclasses import dataclass

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from core.versioning import CONCURRENT_EDIT_MESSAGE, ConcurrentEditError
from core.views import add_service_error, form_page, posted


class TitleForm(forms.Form):
    title = forms.CharField()
    expected_version = 3

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance or Record(pk=None)

    def service_data(self):
        return {"title": self.cleaned_data["title"]}


@dataclass
class Record:
    pk: int | None
    title: str = ""

    def __str__(self):
        return self.title


class _Messages(list):
    def add(self, level, message, extra_tags=""):
        self.append(str(message))


def request_of(rf, method="post", data=None):
    request = getattr(rf, method)("/", data or {})
    request._messages = _Messages()
    request.user = AnonymousUser()
    return request


def refusing(error):
    def save(**kwargs):
        raise error

    return save


def page(request, form, **kwargs):
    defaults = {
        "create": refusing(AssertionError("create called")),
        "update": refusing(AssertionError("update called")),
        "template": "includes/form_fields.html",
        "success_url": lambda saved: f"/done/{saved.pk}/",
        "created_message": "« %(record)s » enregistré.",
        "changed_message": "« %(record)s » modifié.",
    }
    return form_page(request, form, **{**defaults, **kwargs})


@pytest.mark.parametrize(
    ("error", "field", "expected"),
    [
        (ValidationError({"title": "Intitulé déjà pris."}), "title", "Intitulé déjà pris."),
        # A field the form does not show: the message goes above the form rather than being lost.
        (ValidationError({"territory": "Territoire fermé."}), "__all__", "Territoire fermé."),
        (ValidationError("Règle entre champs."), "__all__", "Règle entre champs."),
        (ConcurrentEditError(), "__all__", str(CONCURRENT_EDIT_MESSAGE)),
    ],
)
def test_a_service_error_lands_on_the_field_or_above_the_form(error, field, expected):
    form = TitleForm({"title": "Navette"})
    assert form.is_valid()
    add_service_error(form, error)
    assert form.errors[field] == [expected]


def test_a_refused_save_re_renders_the_form_with_its_context(rf):
    request = request_of(rf, data={"title": "Navette"})
    form = TitleForm(posted(request), instance=Record(pk=7, title="Navette"))
    response = page(request, form, update=refusing(ConcurrentEditError()), context={"may_edit": True})
    assert response.status_code == 200
    assert form.non_field_errors() == [str(CONCURRENT_EDIT_MESSAGE)]
    assert request._messages == []


def test_a_new_record_is_created_by_its_service_then_redirected_with_a_message(rf):
    request = request_of(rf, data={"title": "Navette"})
    calls = []

    def create(**kwargs):
        calls.append(kwargs)
        return Record(pk=12, title=kwargs["title"])

    response = page(request, TitleForm(posted(request)), create=create)
    assert response.status_code == 302 and response["Location"] == "/done/12/"
    assert calls == [{"by": request.user, "title": "Navette"}]
    assert request._messages == ["« Navette » enregistré."]


def test_an_edit_is_saved_by_the_update_service_with_the_version_the_form_was_opened_on(rf):
    request = request_of(rf, data={"title": "Navette du soir"})
    calls = []

    def update(**kwargs):
        calls.append(kwargs)
        return Record(pk=7, title=kwargs["title"])

    response = page(request, TitleForm(posted(request), instance=Record(pk=7, title="Navette")), update=update)
    assert response.status_code == 302 and response["Location"] == "/done/7/"
    assert calls == [{"by": request.user, "expected_version": 3, "title": "Navette du soir"}]
    assert request._messages == ["« Navette du soir » modifié."]


def test_a_get_leaves_the_form_unbound_and_an_empty_post_shows_its_errors(rf):
    assert posted(request_of(rf, "get")) is None
    form = TitleForm(posted(request_of(rf)))
    assert form.is_bound and form.errors["title"] == ["Ce champ est obligatoire."]
