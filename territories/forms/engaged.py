"""Forms of engaged territories: the territory with its perimeter of official codes, and a readiness assessment."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.form_styles import DateInput, StyledFormMixin
from core.versioning import VersionedFormMixin

from ..models import Actor, EngagedTerritory, Prerequisite
from ..models.readiness import SCORE_LABELS
from ..selectors.engaged import perimeter_resolve
from ..services.engaged import unknown_codes_message

DATE_WIDGET = DateInput()


def split_perimeter_codes(text):
    """Official codes typed by the user, separated by commas, semicolons or spaces; upper-cased, once each."""
    codes = []
    for code in re.split(r"[\s,;]+", text or ""):
        code = code.strip().upper()
        if code and code not in codes:
            codes.append(code)
    return codes


class TerritoryForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    """A territory; its perimeter is typed as official codes (helped by an autocomplete when JS runs)."""

    perimeter = forms.CharField(
        label=_("Périmètre (codes officiels)"),
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false", "autocomplete": "off"}),
        help_text=_(
            "SIREN des EPCI (9 chiffres) et codes INSEE des communes (5 caractères, par exemple 60463 ou 2A004), "
            "séparés par des virgules ou des espaces. Une commune membre d'un EPCI choisi n'est comptée qu'une fois."
        ),
        error_messages={"required": _("Indiquez au moins un EPCI ou une commune.")},
    )

    class Meta:
        model = EngagedTerritory
        fields = [
            "name",
            "driving_authority",
            "referent_actor",
            "status",
            "application_date",
            "selection_date",
            "launch_date",
            "agreement_signed_date",
            "closing_date",
            "description",
        ]
        widgets = {
            "application_date": DATE_WIDGET,
            "selection_date": DATE_WIDGET,
            "launch_date": DATE_WIDGET,
            "agreement_signed_date": DATE_WIDGET,
            "closing_date": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "status": _(
                "Candidat → engagé → actif → clos. Une date de sélection, de lancement ou de clôture laissée vide "
                "prend la date du jour au passage au statut correspondant."
            ),
        }

    field_order = ["name", "perimeter"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actors = Actor.objects.order_by("name")
        self.fields["driving_authority"].queryset = actors
        self.fields["referent_actor"].queryset = actors
        if self.instance.pk:
            codes = [epci.siren for epci in self.instance.epcis.all()]
            codes += [commune.code for commune in self.instance.communes.all()]
            self.fields["perimeter"].initial = ", ".join(codes)

    def clean_perimeter(self):
        codes = split_perimeter_codes(self.cleaned_data["perimeter"])
        if not codes:
            raise forms.ValidationError(self.fields["perimeter"].error_messages["required"], code="required")
        unknown = perimeter_resolve(codes).unknown
        if unknown:
            raise forms.ValidationError(unknown_codes_message(unknown), code="unknown_codes")
        return codes

    def service_data(self):
        return {**super().service_data(), "perimeter_codes": self.cleaned_data["perimeter"]}


SCORE_CHOICES = [("", _("— pas de nouvelle note —")), *((str(value), label) for value, label in SCORE_LABELS.items())]


class PrerequisiteScoreForm(StyledFormMixin, forms.Form):
    """The score and evidence of one prerequisite within an assessment."""

    score = forms.TypedChoiceField(label=_("Note"), choices=SCORE_CHOICES, coerce=int, empty_value=None, required=False)
    evidence = forms.CharField(
        label=_("Éléments de preuve"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )

    def clean(self):
        cleaned = super().clean()
        score, evidence = cleaned.get("score"), (cleaned.get("evidence") or "").strip()
        if score is not None and not evidence:
            self.add_error("evidence", _("Indiquez les éléments de preuve qui justifient cette note."))
        if score is None and evidence and "score" not in self.errors:
            self.add_error("score", _("Donnez une note à ce prérequis, ou effacez les éléments de preuve."))
        return cleaned


class ReadinessAssessmentForm:
    """The five prerequisites assessed at once: one small form each, and at least one score."""

    def __init__(self, data=None, *, latest=None):
        latest = latest or {}
        self.items = [
            (value, label, latest.get(value), PrerequisiteScoreForm(data, prefix=f"prerequis-{value}"))
            for value, label in Prerequisite.choices
        ]
        self.is_bound = data is not None
        self._non_field_errors = []

    def is_valid(self):
        if not self.is_bound:
            return False
        valid = all([form.is_valid() for _value, _label, _latest, form in self.items])  # every form shows its errors
        if valid and not self.scores():
            self._non_field_errors.append(_("Notez au moins un prérequis."))
            valid = False
        return valid

    def non_field_errors(self):
        return self._non_field_errors

    def add_error(self, message):
        self._non_field_errors.append(message)

    def scores(self):
        """{prerequisite: (score, evidence)} of the prerequisites given a score."""
        return {
            value: (form.cleaned_data["score"], form.cleaned_data["evidence"])
            for value, _label, _latest, form in self.items
            if form.cleaned_data.get("score") is not None
        }
