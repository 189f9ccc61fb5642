"""Forms of decisions: recording or editing one, and recording an amendment to a decision of approved minutes."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.dates import FrenchDateField
from core.form_styles import StyledFormMixin
from core.numbers import FrenchDecimalField
from core.versioning import VersionedFormMixin

from ..models import AgendaItem, Decision
from ..services.decisions import OUTCOME_STAGES, outcome_choices

NEGATIVE_AMOUNT = _("Un montant ne peut pas être négatif.")
AMOUNT_TOO_LARGE = _("Ce montant est trop grand : 9\u00a0999\u00a0999\u00a0999,99\u00a0€ au plus.")
OUTCOME_HELP = _(
    "« Lancer l’étude d’opportunité », « go » et « approuver la transmission » font passer le projet à l’étape "
    "suivante ; « no-go » et « arrêter » l’abandonnent (motifs obligatoires). Les autres décisions ne changent "
    "pas son étape."
)


class DecisionForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["outcome", "conditions", "amount", "rationale", "follow_up_on"]
        field_classes = {"amount": FrenchDecimalField, "follow_up_on": FrenchDateField}
        widgets = {
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "rationale": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "amount": _("Pour un financement accordé, en euros (« 12 500 » ou « 12 500,50 »)."),
            "follow_up_on": _("Quand le comité veut en reparler (jj/mm/aaaa)."),
        }

    def __init__(self, *args, agenda_item: AgendaItem | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        outcome = self.fields["outcome"]
        outcome.choices = [("", "---------"), *outcome_choices()]
        outcome.help_text = OUTCOME_HELP
        outcome.error_messages["required"] = _("Choisissez la décision du comité.")
        outcome.error_messages["invalid_choice"] = _("Cette décision n’existe pas : choisissez-en une de la liste.")
        item = agenda_item or (self.instance.agenda_item if self.instance.pk else None)
        if item is not None and item.project_id is None:
            # A free topic: no outcome that moves a project is offered (the service refuses one posted by hand).
            outcome.choices = [(value, label) for value, label in outcome.choices if value not in OUTCOME_STAGES]
            outcome.help_text = _("Ce point ne porte sur aucun projet : aucune décision n’y change d’étape.")
        if self.instance.pk and self.instance.stage_change_id:
            outcome.disabled = True
            outcome.help_text = _(
                "Cette décision a changé l’étape du projet : sa nature ne change plus. Si le comité est revenu "
                "dessus, enregistrez une nouvelle décision."
            )
        amount = self.fields["amount"]
        amount.max_digits, amount.decimal_places = 12, 2
        amount.error_messages.update({"max_digits": AMOUNT_TOO_LARGE, "max_whole_digits": AMOUNT_TOO_LARGE})

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is not None and amount < 0:
            raise forms.ValidationError(NEGATIVE_AMOUNT)
        return amount

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        if self.fields["outcome"].disabled:
            data.pop("outcome", None)
        return data


class AmendmentItemField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        day = obj.meeting.starts_at
        return f"{obj.meeting} ({date_format(timezone.localtime(day), 'SHORT_DATE_FORMAT')}) — {obj}"


class AmendmentForm(DecisionForm):
    """A new decision that amends `amends`: on its own agenda item, or on one of a later meeting."""

    agenda_item = AmendmentItemField(
        queryset=AgendaItem.objects.none(),
        label=_("Point de l’ordre du jour"),
        empty_label=None,
        help_text=_(
            "Le point de la décision modifiée, ou le même projet à l’ordre du jour d’une séance ultérieure du comité."
        ),
    )

    field_order = ["agenda_item", "outcome", "conditions", "amount", "rationale", "follow_up_on"]

    def __init__(self, *args, amends: Decision, items, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("agenda_item", amends.agenda_item_id)
        super().__init__(*args, agenda_item=amends.agenda_item, **kwargs)
        self.fields["agenda_item"].queryset = items
        self.fields["agenda_item"].error_messages["invalid_choice"] = _(
            "Choisissez l’un des points proposés pour cet avenant."
        )
        self.order_fields(self.field_order)

    def service_data(self) -> dict[str, Any]:
        return {**super().service_data(), "agenda_item": self.cleaned_data["agenda_item"]}
