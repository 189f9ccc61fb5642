"""Forms of engaged territories: the territory with its perimeter of official codes, and a readiness assessment."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.dates import PastDateField
from core.form_styles import StyledFormMixin, SummaryItem, error_summary
from core.versioning import VersionedFormMixin

from ..models import Actor, EngagedTerritory, Prerequisite
from ..models.readiness import SCORE_LABELS
from ..selectors.engaged import perimeter_resolve
from ..services.engaged import unknown_codes_message

Status = EngagedTerritory.Status
# The statuses in which a territory may carry each date: the ones it reaches at or after the step the date records.
TERRITORY_STATUS_DATES = {
    "selection_date": ({Status.ENGAGED, Status.ACTIVE, Status.CLOSED}, Status.ENGAGED),
    "agreement_signed_date": ({Status.ENGAGED, Status.ACTIVE, Status.CLOSED}, Status.ENGAGED),
    "launch_date": ({Status.ACTIVE, Status.CLOSED}, Status.ACTIVE),
    "closing_date": ({Status.CLOSED}, Status.CLOSED),
}
DATE_OF_STATUS_NOT_REACHED = _(
    "« %(field)s » est rempli alors que le territoire est « %(status)s » : choisissez au moins le statut "
    "« %(reached)s » ou effacez cette date."
)


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
            "séparés par des virgules ou des espaces. Une commune membre d’un EPCI choisi n’est comptée qu’une fois."
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
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        field_classes = dict.fromkeys(
            ("application_date", "selection_date", "launch_date", "agreement_signed_date", "closing_date"),
            PastDateField,
        )
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

    def perimeter_chosen(self):
        """The perimeter as written now (submitted, or stored): one entry per code, in the order typed, named
        from the official data (an unknown code has no name), for the picker's list of chosen places."""
        value = self["perimeter"].value()
        codes = split_perimeter_codes(value if isinstance(value, str) else ", ".join(value or []))
        resolved = perimeter_resolve(codes)
        named = {epci.siren: (epci.name, _("EPCI")) for epci in resolved.epcis}
        named |= {commune.code: (commune.name, _("commune")) for commune in resolved.communes}
        return [
            {"code": code, "name": named[code][0], "kind": named[code][1]} if code in named else {"code": code}
            for code in codes
        ]

    def clean_perimeter(self):
        codes = split_perimeter_codes(self.cleaned_data["perimeter"])
        if not codes:
            raise forms.ValidationError(self.fields["perimeter"].error_messages["required"], code="required")
        unknown = perimeter_resolve(codes).unknown
        if unknown:
            raise forms.ValidationError(unknown_codes_message(unknown), code="unknown_codes")
        return codes

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        for name, (statuses, reached) in TERRITORY_STATUS_DATES.items():
            if status and cleaned.get(name) and status not in statuses:
                fields = {"field": self.fields[name].label, "status": Status(status).label}
                self.add_error(name, DATE_OF_STATUS_NOT_REACHED % {**fields, "reached": Status(reached).label})
        return cleaned

    def service_data(self):
        return {**super().service_data(), "perimeter_codes": self.cleaned_data["perimeter"]}


SCORE_CHOICES = [("", _("— pas de nouvelle note —")), *((str(value), label) for value, label in SCORE_LABELS.items())]


class PrerequisiteScoreForm(StyledFormMixin, forms.Form):
    """The score and evidence of one prerequisite within an assessment."""

    # "Note" alone is in allauth's catalogue, which translates it "Remarque": a context of our own keeps it "Note".
    score = forms.TypedChoiceField(
        label=pgettext_lazy("readiness score", "Note"),
        choices=SCORE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
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

    @property
    def errors(self):
        """Every error of the assessment by field name (the page title starts with "Erreur" when there is one)."""
        errors = {"__all__": self._non_field_errors} if self._non_field_errors else {}
        if self.is_bound:
            for _value, _label, _latest, form in self.items:
                errors.update({form.add_prefix(name): messages for name, messages in form.errors.items()})
        return errors

    def error_summary(self):
        """The summary of includes/error_summary.html: each field named with its prerequisite."""
        items = [SummaryItem(message=str(message)) for message in self._non_field_errors]
        for value, label, _latest, form in self.items:
            items += error_summary(form, label_prefix=f"{value}. {label} — ")
        return items

    def add_error(self, message):
        self._non_field_errors.append(message)

    def scores(self):
        """{prerequisite: (score, evidence)} of the prerequisites given a score."""
        return {
            value: (form.cleaned_data["score"], form.cleaned_data["evidence"])
            for value, _label, _latest, form in self.items
            if form.cleaned_data.get("score") is not None
        }
