"""Dates typed in French: the ways people write them, refusals in French, shown back as jj/mm/aaaa."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError

from core.dates import FrenchDateField, PastDateField, parse_french_date
from core.form_styles import StyledFormMixin

MARCH_15 = datetime.date(2026, 3, 15)


@pytest.mark.parametrize(
    "typed", ["15/03/2026", "15032026", "15-03-2026", "2026-03-15", "15.03.2026", " 15/3/2026 ", "15 03 2026"]
)
def test_the_ways_of_writing_a_date(typed):
    assert parse_french_date(typed) == MARCH_15


@pytest.mark.parametrize("typed", ["31/02/2026", "32/13/2026", "29022026"])
def test_an_impossible_date_is_refused_saying_so(typed):
    with pytest.raises(ValidationError) as caught:
        parse_french_date(typed)
    assert caught.value.code == "impossible"
    assert "n’existe pas\u00a0: vérifiez le jour et le mois" in caught.value.messages[0]


@pytest.mark.parametrize("typed", ["demain", "15/03/26", "2026/15/03", "150326", "15/03/2026 10:00", "1503 2026"])
def test_an_unreadable_date_is_refused_with_the_format(typed):
    with pytest.raises(ValidationError) as caught:
        parse_french_date(typed)
    assert caught.value.messages == [
        "Date illisible\u00a0: écrivez-la jour, mois et année, au format jj/mm/aaaa (par exemple 15/03/2026)."
    ]


class Sample(StyledFormMixin, forms.Form):
    when = FrenchDateField(required=False)
    done_on = PastDateField(required=False)


def test_the_field_is_a_french_text_box_shown_back_as_jj_mm_aaaa():
    html = str(Sample(initial={"when": MARCH_15})["when"])
    assert 'type="text"' in html and 'value="15/03/2026"' in html
    assert 'placeholder="jj/mm/aaaa"' in html and 'inputmode="numeric"' in html and 'class="form-control"' in html


def test_the_digits_alone_are_read_day_first():
    form = Sample(data={"when": "15032026"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == MARCH_15


def test_a_date_something_was_done_on_cannot_be_in_the_future():
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    form = Sample(data={"done_on": f"{tomorrow:%d/%m/%Y}", "when": f"{tomorrow:%d/%m/%Y}"})
    assert not form.is_valid()
    assert form.errors["done_on"][0].startswith("Cette date est dans le futur\u00a0: indiquez une date passée")
    assert "when" not in form.errors  # a date to come (an event) is allowed
    assert Sample(data={"done_on": f"{datetime.date.today():%d/%m/%Y}"}).is_valid()
