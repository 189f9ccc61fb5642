"""The error summary above every form after a failed submit: a count, a link per field, the form's own errors."""

from django import forms
from django.template.loader import render_to_string

from core.form_styles import CheckboxList, StyledFormMixin


class Sample(StyledFormMixin, forms.Form):
    name = forms.CharField(label="Nom")
    places = forms.MultipleChoiceField(label="Lieux", choices=[("a", "A"), ("b", "B")], widget=CheckboxList)
    note = forms.CharField(label="Note", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        if self.data.get("refuse"):
            raise forms.ValidationError("Cette fiche a été modifiée entre-temps.")
        return super().clean()


def summary(data):
    form = Sample(data=data)
    form.is_valid()
    return form, render_to_string("includes/form_fields.html", {"form": form})


def test_no_summary_before_a_submit_or_after_a_valid_one():
    assert "data-error-summary" not in render_to_string("includes/form_fields.html", {"form": Sample()})
    form, html = summary({"name": "Beauvais", "places": ["a"]})
    assert form.error_summary() == [] and "data-error-summary" not in html


def test_each_field_in_error_links_to_its_field_and_the_count_is_plural():
    form, html = summary({"name": "", "version": "x"})
    assert [(item.label, item.anchor) for item in form.error_summary()] == [
        ("Nom", "id_name"),
        ("Lieux", "id_places_0"),  # a group of boxes: its first box
        ("", ""),  # a hidden field: named by no label
    ]
    assert 'role="alert" tabindex="-1"' in html
    assert "Le formulaire contient 3 erreurs" in html
    assert '<a href="#id_name">Nom</a>&nbsp;: Ce champ est obligatoire.' in html
    assert '<a href="#id_places_0">Lieux</a>' in html
    assert "/static/core/error-summary.js" in html
    # The summary comes before the first field.
    assert html.index("data-error-summary") < html.index('name="name"')


def test_one_error_is_singular_and_the_forms_own_errors_are_listed_first():
    form, html = summary({"name": "Beauvais", "places": ["a"], "refuse": "1"})
    assert "Le formulaire contient 1 erreur<" in html
    assert "<li>Cette fiche a été modifiée entre-temps.</li>" in html
    form, html = summary({"name": "", "places": ["a"], "refuse": "1"})
    assert "Le formulaire contient 2 erreurs" in html
    assert html.index("modifiée entre-temps") < html.index('href="#id_name"')


def test_a_part_of_a_bigger_form_leaves_the_summary_to_it():
    form = Sample(data={})
    form.is_valid()
    html = render_to_string("includes/form_fields.html", {"form": form, "part_of_summary": True})
    assert "data-error-summary" not in html and 'id="id_name_error"' in html
