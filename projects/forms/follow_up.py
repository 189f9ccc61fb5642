"""Forms of a project's follow-up: a journal entry, a next step, a funding line, a document."""

from typing import Any

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.dates import FrenchDateField, PastDateField
from core.documents import DocumentFileForm
from core.form_styles import StyledFormMixin
from core.numbers import FrenchDecimalField
from core.versioning import VersionedFormMixin
from territories.models import Actor

from ..models import FundingLine, JournalEntry, NextStep, ProjectDocument
from ..services.journal import OWNER_REFUSED, next_step_owners

DUE_DATE_PASSED = _("Cette échéance est passée : choisissez aujourd’hui (%(today)s) ou une date à venir.")
NEGATIVE_AMOUNT = _("Un montant ne peut pas être négatif.")
AMOUNT_TOO_LARGE = _("Ce montant est trop grand : 9\u00a0999\u00a0999\u00a0999,99\u00a0€ au plus.")
YEAR_MIN, YEAR_MAX = 2000, 2100
YEAR_OUT_OF_RANGE = _("Saisissez une année entre 2000 et 2100.")
# The actors a funding line usually names, offered first in the drop-down.
FUNDER_KINDS = (Actor.Kind.FUNDER, Actor.Kind.LOCAL_AUTHORITY, Actor.Kind.INSTITUTION)


class ServiceDataMixin:
    """The form's model fields as the services take them (for records without versions)."""

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}


class JournalEntryForm(StyledFormMixin, ServiceDataMixin, forms.ModelForm):
    class Meta:
        model = JournalEntry
        fields = ["date", "kind", "text", "is_internal"]
        field_classes = {"date": PastDateField}
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class NextStepForm(StyledFormMixin, ServiceDataMixin, forms.ModelForm):
    owner = OwnerChoiceField(
        queryset=NextStep.owner.field.related_model.objects.none(),
        label=_("Responsable"),
        help_text=_("Un·e coordinateur·rice ou un·e référent·e du territoire du projet."),
        error_messages={"invalid_choice": OWNER_REFUSED},
    )

    class Meta:
        model = NextStep
        fields = ["text", "owner", "due_date"]
        field_classes = {"due_date": FrenchDateField}

    def __init__(self, *args, project, user, **kwargs):
        super().__init__(*args, **kwargs)
        owners = next_step_owners(project).order_by("last_name", "first_name", "email")
        self.fields["owner"].queryset = owners
        if user.pk is not None and any(pk == user.pk for pk in owners.values_list("pk", flat=True)):
            self.fields["owner"].initial = user.pk

    def clean_due_date(self):
        due_date = self.cleaned_data["due_date"]
        today = timezone.localdate()
        if due_date is not None and due_date < today:
            raise forms.ValidationError(DUE_DATE_PASSED, params={"today": date_format(today, "SHORT_DATE_FORMAT")})
        return due_date


def funder_choices():
    """The actors as (group, [(pk, name)…]): funders, local authorities and institutions first, then the others.

    Read as values (no model instances): the directory holds thousands of actors at national scale.
    """
    rows = (
        Actor.objects.annotate(
            usual=Case(When(kind__in=FUNDER_KINDS, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("usual", "name")
        .values_list("pk", "name", "usual")
    )
    groups = {0: [], 1: []}
    for pk, name, usual in rows:
        groups[usual].append((pk, name))
    choices = [("", "---------")]
    if groups[0]:
        choices.append((_("Financeurs, collectivités et institutions"), groups[0]))
    if groups[1]:
        choices.append((_("Autres acteurs"), groups[1]))
    return choices


AMOUNT_ERRORS = {
    "min_value": NEGATIVE_AMOUNT,
    "max_digits": AMOUNT_TOO_LARGE,
    "max_whole_digits": AMOUNT_TOO_LARGE,
    "max_decimal_places": _("Un montant a deux chiffres après la virgule au plus (les centimes)."),
    "invalid": _("Saisissez un montant en euros, par exemple 15000 ou 15\u00a0000,50."),
}


def _amount_field(label, **kwargs):
    return FrenchDecimalField(
        label=label,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
        error_messages=AMOUNT_ERRORS,
        widget=forms.TextInput,
        **kwargs,
    )


class FundingLineForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    year = forms.IntegerField(
        label=_("Année"),
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={"min_value": YEAR_OUT_OF_RANGE, "max_value": YEAR_OUT_OF_RANGE, "invalid": YEAR_OUT_OF_RANGE},
    )

    amount_requested = _amount_field(_("Montant demandé (€)"), help_text=_("0 si vous ne le connaissez pas encore."))
    amount_granted = _amount_field(
        _("Montant accordé (€)"), help_text=_("Avec le statut « accordé » ou « versé » seulement.")
    )

    class Meta:
        model = FundingLine
        fields = ["funder", "year", "scheme", "amount_requested", "amount_granted", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        funder = self.fields["funder"]
        funder.choices = funder_choices()
        funder.help_text = _("Un acteur de l’annuaire ; ajoutez-le à l’annuaire s’il n’y est pas encore.")
        funder.error_messages["invalid_choice"] = _("Choisissez un acteur de la liste.")
        if self.instance.pk is None:
            self.fields["year"].initial = timezone.localdate().year
        self.fields["year"].widget.attrs.update({"inputmode": "numeric"})

    def clean_amount_requested(self):
        amount = self.cleaned_data.get("amount_requested")
        return 0 if amount is None else amount


class DocumentForm(StyledFormMixin, ServiceDataMixin, DocumentFileForm, forms.ModelForm):
    class Meta:
        model = ProjectDocument
        fields = ["kind", "title", "file", "is_internal"]
