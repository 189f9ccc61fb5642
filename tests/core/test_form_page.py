"""The shared form page (core.views.form_page): a service's refusal lands on the form, a success redirects."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from core.versioning import CONCURRENT_EDIT_MESSAGE, ConcurrentEditError
from core.views import add_service_error, form_page, posted


class TitleForm(forms.Form):
    title = forms.CharField()


class _Messages(list):
    def add(self, level, message, extra_tags=""):
        self.append(str(message))


def request_of(rf, method="post", data=None):
    request = getattr(rf, method)("/", data or {})
    request._messages = _Messages()
    return request


def refusing(error):
    def save(form):
        raise error

    return save


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
    form = TitleForm(posted(request))
    response = form_page(
        request,
        form,
        save=refusing(ConcurrentEditError()),
        template="includes/form_fields.html",
        context={"may_edit": True},
        success_url=lambda saved: "/done/",
        success_message=lambda saved: "Enregistré.",
    )
    assert response.status_code == 200
    assert form.non_field_errors() == [str(CONCURRENT_EDIT_MESSAGE)]
    assert request._messages == []


def test_a_valid_post_is_saved_then_redirected_with_a_message(rf):
    request = request_of(rf, data={"title": "Navette"})
    saved = []
    response = form_page(
        request,
        TitleForm(posted(request)),
        save=lambda form: saved.append(form.cleaned_data["title"]) or "Navette",
        template="includes/form_fields.html",
        success_url=lambda title: f"/done/{title}/",
        success_message=lambda title: f"« {title} » enregistré.",
    )
    assert response.status_code == 302 and response["Location"] == "/done/Navette/"
    assert saved == ["Navette"] and request._messages == ["« Navette » enregistré."]


def test_a_get_leaves_the_form_unbound_and_an_empty_post_shows_its_errors(rf):
    assert posted(request_of(rf, "get")) is None
    form = TitleForm(posted(request_of(rf)))
    assert form.is_bound and form.errors["title"] == ["Ce champ est obligatoire."]
