"""Text cleaned at the door: control characters removed by every form, NUL refused, exports that cannot fail."""

import csv
import io
from dataclasses import dataclass

import pytest
from django import forms
from django.urls import reverse
from openpyxl import load_workbook

from core.exports import cell
from core.form_styles import NUL_REFUSED, StyledFormMixin
from territories.models import Actor, AnimationEvent, Contact, Cooperation, Need, Opportunity

from ..helpers import response_bytes, text
from .factories import ActorFactory, EngagedTerritoryFactory, NeedFactory, SectorFactory

# What a paste from a word processor or a terminal may carry: a vertical tab, an escape, a form feed.
TYPED = "Première ligne\x0b avec\x1b des\x0c caractères\n\tseconde ligne"
STORED = "Première ligne avec des caractères\n\tseconde ligne"
WITH_NUL = "Un texte avec un\x00 caractère nul"


@dataclass
class FormCase:
    url: str
    data: object  # the text typed -> the posted data
    field: str  # the form field holding the text
    saved: object  # -> the values of that text saved so far


@pytest.fixture
def form_case(request, referent, own_territory):
    """One form of each kind that people type text into, posted by the territory's referent (or the public)."""
    sector = SectorFactory(name="Mobilité", slug="mobilite")
    actor = ActorFactory(name="Acteur du territoire", kind=Actor.Kind.ASSOCIATION)
    actor.territories.add(own_territory)
    partners = [actor, ActorFactory(name="Autre acteur du territoire")]
    partners[1].territories.add(own_territory)
    kind = request.param
    if kind == "public":
        active = EngagedTerritoryFactory(status="active", slug="territoire-actif")
        return FormCase(
            reverse("call_for_ideas", kwargs={"territory": active.slug}),
            lambda text: {"text": text, "name": "", "email": "", "site_web": ""},
            "text",
            lambda: list(Need.objects.values_list("description", flat=True)),
        )
    if kind == "need":
        return FormCase(
            reverse("need_create"),
            lambda text: {
                "territory": own_territory.pk,
                "sector": sector.pk,
                "title": "Transport à la demande",
                "description": text,
                "source": "diagnosis",
                "priority": "1",
                "status": "identified",
            },
            "description",
            lambda: list(Need.objects.values_list("description", flat=True)),
        )
    if kind == "opportunity":
        return FormCase(
            reverse("opportunity_create"),
            lambda text: {
                "territory": own_territory.pk,
                "sector": sector.pk,
                "title": "Légumerie solidaire",
                "description": text,
                "status": "identified",
            },
            "description",
            lambda: list(Opportunity.objects.values_list("description", flat=True)),
        )
    if kind == "event":
        return FormCase(
            reverse("event_create"),
            lambda text: {
                "kind": "creativity_session",
                "title": "Séance de créativité",
                "date": "2026-05-12",
                "territory": own_territory.pk,
                "participants": "18",
                "ideas_produced": "7",
                "summary": text,
            },
            "summary",
            lambda: list(AnimationEvent.objects.values_list("summary", flat=True)),
        )
    if kind == "actor":
        return FormCase(
            reverse("actor_create"),
            lambda text: {
                "name": "Épicerie solidaire de Nogent",
                "kind": Actor.Kind.ASSOCIATION,
                "description": text,
                "territories": [own_territory.pk],
            },
            "description",
            lambda: list(Actor.objects.exclude(description="").values_list("description", flat=True)),
        )
    if kind == "contact":
        return FormCase(
            reverse("contact_create", kwargs={"actor": actor.pk}),
            lambda text: {"name": "Alix Moreau", "role": text, "email": "alix@structure.fr", "phone": ""},
            "role",
            lambda: list(Contact.objects.values_list("role", flat=True)),
        )
    assert kind == "cooperation"
    return FormCase(
        reverse("cooperation_create"),
        lambda text: {
            "title": "Conciergerie solidaire",
            "actors": [partner.pk for partner in partners],
            "territory": own_territory.pk,
            "description": text,
            "since": "2024-09-01",
        },
        "description",
        lambda: list(Cooperation.objects.values_list("description", flat=True)),
    )


FORM_KINDS = ["public", "need", "opportunity", "event", "actor", "contact", "cooperation"]


def client_of(form_case, client, referent):
    if "appel-a-idees" not in form_case.url:
        client.force_login(referent)
    return client


@pytest.mark.parametrize("form_case", FORM_KINDS, indirect=True)
def test_control_characters_are_removed_before_saving(client, referent, form_case):
    response = client_of(form_case, client, referent).post(form_case.url, form_case.data(TYPED))
    assert response.status_code == 302, response.context["form"].errors
    # Tab and line break stay: they are what people mean to type.
    assert form_case.saved() == [STORED]


@pytest.mark.parametrize("form_case", FORM_KINDS, indirect=True)
def test_nul_is_refused_on_its_field_in_french_and_nothing_is_saved(client, referent, form_case):
    response = client_of(form_case, client, referent).post(form_case.url, form_case.data(WITH_NUL))
    assert response.status_code == 200
    assert response.context["form"].errors[form_case.field] == [NUL_REFUSED]
    assert str(NUL_REFUSED) in text(response)
    assert form_case.saved() == []


class SampleForm(StyledFormMixin, forms.Form):
    title = forms.CharField()
    keywords = forms.MultipleChoiceField(choices=[("a\x0bb", "?"), ("ab", "ab")], required=False)
    password = forms.CharField(widget=forms.PasswordInput)


def test_every_submitted_value_is_cleaned_but_a_password():
    form = SampleForm({"title": "Ti\x1btre", "keywords": ["a\x0bb"], "password": "mot\x0bde\x1bpasse"})
    assert form.is_valid(), form.errors
    # The choice is cleaned before the field checks it, so a cleaned value must be one of the choices.
    assert form.cleaned_data == {"title": "Titre", "keywords": ["ab"], "password": "mot\x0bde\x1bpasse"}


def test_a_filter_form_is_cleaned_too(client, partner):
    NeedFactory(title="Transport à la demande")
    client.force_login(partner)
    response = client.get(reverse("need_list"), {"q": "Transport\x0b à la demande"})
    assert response.status_code == 200
    assert response.context["listing"].filterset.form.cleaned_data["q"] == "Transport à la demande"
    assert [need.title for need in response.context["listing"].rows] == ["Transport à la demande"]


# --- Exports of rows stored before the cleaning -----------------------------------------------------


def test_a_cell_keeps_only_what_spreadsheets_accept_and_never_a_formula():
    assert cell("a\x00b\x0bc\x1bd\x7fe\x9ff\tg\nh\ri") == "abcdef\tg\nh\ri"
    # Cleaned first, so a control character cannot hide a formula from the neutralisation.
    assert cell("\x0b=HYPERLINK(1)") == "'=HYPERLINK(1)"


@pytest.mark.parametrize("role", ["coordinator", "referent", "partner"])
def test_needs_stored_with_control_characters_export_for_every_role(client, request, role, own_territory):
    NeedFactory(
        territory=own_territory,
        title="Garde\x0b d'enfants\x1b",
        description="Ligne\x0c une\x07\nligne\x08 deux",
        population_concerned="Parents\x7f",
    )
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("need_list"), {"export": "xlsx"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response_bytes(response))).active.iter_rows(values_only=True))
    header, (row,) = rows[0], rows[1:]
    values = dict(zip(header, row, strict=True))
    assert values["Intitulé"] == "Garde d'enfants"
    assert values["Description"] == "Ligne une\nligne deux"
    assert values["Population concernée"] == "Parents"

    response = client.get(reverse("need_list"), {"export": "csv"})
    assert response.status_code == 200
    exported = response_bytes(response).decode("utf-8-sig")
    assert not any(ord(char) < 32 and char not in "\t\n\r" for char in exported)
    (row,) = list(csv.DictReader(io.StringIO(exported), delimiter=";"))
    assert (row["Intitulé"], row["Description"]) == ("Garde d'enfants", "Ligne une\nligne deux")
