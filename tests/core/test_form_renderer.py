"""The drop-down lists written in Python are Django's own markup, byte for byte, and are what the forms use."""

from django import forms
from django.forms.renderers import DjangoTemplates

from core.form_renderer import FormRenderer

CHOICES = [
    ("", "---------"),
    ("a", "Beauvaisis & <Oise>"),
    ("Groupe « un »", [(1, "Un"), (2, 'Deux "guillemets"')]),
    (None, "Aucun"),
]


class Sample(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y"), ("z", "Z")], required=False)
    flag = forms.NullBooleanField(required=False)


def rendered(renderer, data):
    form = Sample(data=data, renderer=renderer)
    form.is_valid()
    form.fields["one"].widget.attrs.update({"class": "form-select", "aria-invalid": "true", "disabled": False})
    return [str(form[name]) for name in ("one", "many", "flag")]


def test_same_markup_as_django():
    for data in ({}, {"one": "a", "many": ["x", "z"], "flag": "true"}, {"one": "2"}):
        assert rendered(FormRenderer(), data) == rendered(DjangoTemplates(), data)


def test_text_is_escaped():
    html = str(Sample(renderer=FormRenderer())["one"])
    assert "Beauvaisis &amp; &lt;Oise&gt;" in html
    assert 'label="Groupe « un »"' in html
    assert "Deux &quot;guillemets&quot;" in html


def test_project_forms_use_it():
    assert isinstance(Sample().renderer, FormRenderer)
