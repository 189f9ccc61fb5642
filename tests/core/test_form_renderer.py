"""The drop-down lists and lists of boxes written in Python are Django's own markup, byte for byte, and are
what the forms use."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from core.form_renderer import FormRenderer, PlainSelect
from core.form_styles import CheckboxList, StyledFormMixin

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


class Territories(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES[:2] + [("b", "Amiens"), ("b", "Amiens encore")], required=False)
    fast = forms.ChoiceField(
        choices=CHOICES[:2] + [("b", "Amiens"), ("b", "Amiens encore")], required=False, widget=PlainSelect
    )
    grouped = forms.ChoiceField(choices=CHOICES, required=False, widget=PlainSelect)


@pytest.mark.parametrize("value", ["", "a", "b", "absent", "<"])
def test_a_plain_select_writes_django_s_markup(value):
    """The drop-down listed without Django's per-option building is Django's own, selection included (the first of
    two options with the chosen value), and with groups it is Django's path."""
    form = Territories(data={"plain": value, "fast": value, "grouped": value}, renderer=FormRenderer())
    django_form = Territories(data={"plain": value, "fast": value, "grouped": value}, renderer=DjangoTemplates())
    assert str(form["fast"]).replace("fast", "field") == str(form["plain"]).replace("plain", "field")
    assert str(form["fast"]) == str(django_form["fast"])
    assert str(form["grouped"]) == str(django_form["grouped"])


def test_text_is_escaped():
    html = str(Sample(renderer=FormRenderer())["one"])
    assert "Beauvaisis &amp; &lt;Oise&gt;" in html
    assert 'label="Groupe « un »"' in html
    assert "Deux &quot;guillemets&quot;" in html


def test_project_forms_use_it():
    assert isinstance(Sample().renderer, FormRenderer)


BOXES = [("a", "Beauvaisis & <Oise>"), ("Groupe « un »", [(1, "Un"), (2, 'Deux "guillemets"')])]


class Boxes(forms.Form):
    plain = forms.MultipleChoiceField(choices=BOXES, required=False, widget=forms.CheckboxSelectMultiple)
    styled = forms.MultipleChoiceField(
        choices=BOXES[:1] + [("b", "Amiens")], widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
    )
    listed = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], required=False, widget=CheckboxList)


def rendered_boxes(renderer, data):
    form = Boxes(data=data, renderer=renderer)
    form.is_valid()
    return [str(form[name]) for name in ("plain", "styled", "listed")]


def test_boxes_same_markup_as_django():
    for data in (None, {}, {"plain": ["a", "2"], "styled": ["b"], "listed": ["x", "y"]}, {"plain": ["zz"]}):
        assert rendered_boxes(FormRenderer(), data) == rendered_boxes(DjangoTemplates(), data)


def test_boxes_are_written_in_python_with_their_text_escaped(monkeypatch):
    monkeypatch.setattr(DjangoTemplates, "render", lambda *args, **kwargs: pytest.fail("template used"))
    html = str(Boxes(renderer=FormRenderer())["plain"])
    assert "Beauvaisis &amp; &lt;Oise&gt;</label>" in html
    assert "<label>Groupe « un »</label>" in html and "Deux &quot;guillemets&quot;" in html
    assert '<input type="checkbox" name="plain" value="1" id="id_plain_1_0">' in html


def test_a_checkbox_list_styles_its_boxes_not_their_group():
    class Styled(StyledFormMixin, Boxes):
        pass

    html = str(Styled()["listed"])
    assert html.startswith('<div id="id_listed"><div>')
    assert html.count('class="form-check-input"') == 2
