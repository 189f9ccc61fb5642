"""Forms of unmet needs, development opportunities and the needs import."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.form_styles import DateInput, StyledFormMixin
from core.versioning import VersionedFormMixin
from territories.models import EngagedTerritory, Need, Opportunity, Sector
from territories.selectors.needs import needs_choosable_by

TERRITORY_REFUSED = _("Vous ne pouvez pas enregistrer de fiche sur ce territoire : choisissez l'un des vôtres.")
NEED_REFUSED = _("Ce besoin n'est pas sur l'un de vos territoires.")
NEEDS_OF_OTHER_TERRITORY = _(
    "Une opportunité ne peut viser que des besoins de son territoire : « %(title)s » appartient à %(territory)s."
)
TO_REVIEW_HELP = _(
    "Idée reçue par l'appel à idées : les partenaires ne la voient pas encore. Retirez du texte ce qui "
    "permettrait de reconnaître une personne, puis choisissez le statut « identifié »."
)
DATE_BEFORE_IDENTIFICATION = _("Cette date ne peut pas précéder la date d'identification.")
NEGATIVE_JOBS = _("Le nombre d'emplois estimés ne peut pas être négatif.")


class NeedChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.territory.name} — {obj.title}"


def sector_choices(instance):
    """Active sectors, plus the current one of an edited record even when it is no longer active."""
    condition = Q(is_active=True)
    if instance.sector_id:
        condition |= Q(pk=instance.sector_id)
    return Sector.objects.filter(condition).order_by("name")


class KeepsTerritoryMixin:
    """An existing record keeps its territory: its links to needs and opportunities depend on it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["territory"].disabled = True
            self.fields["territory"].help_text = _("Le territoire d'une fiche existante ne change pas.")
            self.fields["territory"].queryset = EngagedTerritory.objects.filter(pk=self.instance.territory_id)


class NeedForm(StyledFormMixin, VersionedFormMixin, KeepsTerritoryMixin, forms.ModelForm):
    class Meta:
        model = Need
        fields = [
            "territory",
            "sector",
            "title",
            "description",
            "source",
            "evidence",
            "population_concerned",
            "priority",
            "status",
            "identified_on",
            "qualified_on",
            "addressed_on",
            "dropped_on",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "identified_on": DateInput,
            "qualified_on": DateInput,
            "addressed_on": DateInput,
            "dropped_on": DateInput,
        }
        help_texts = {
            "identified_on": _("Aujourd'hui si vous la laissez vide."),
            "status": _("La date de l'étape atteinte est mise à aujourd'hui si vous ne la donnez pas."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["territory"].queryset = EngagedTerritory.objects.editable_by(user).order_by("name")
            self.fields["territory"].error_messages["invalid_choice"] = TERRITORY_REFUSED
            self.fields["identified_on"].initial = timezone.localdate
        self.fields["sector"].queryset = sector_choices(self.instance)
        # The service dates the need today when left empty.
        self.fields["identified_on"].required = False
        status = self.fields["status"]
        if self.instance.status == Need.Status.TO_REVIEW:
            status.help_text = TO_REVIEW_HELP
        else:
            # Waiting for review is the state of a public idea alone: a need recorded here is reviewed already.
            status.choices = [choice for choice in status.choices if choice[0] != Need.Status.TO_REVIEW]

    def clean(self):
        cleaned = super().clean()
        identified_on = cleaned.get("identified_on") or timezone.localdate()
        for name in ("qualified_on", "addressed_on", "dropped_on"):
            value = cleaned.get(name)
            if value and value < identified_on:
                self.add_error(name, DATE_BEFORE_IDENTIFICATION)
        return cleaned


class OpportunityForm(StyledFormMixin, VersionedFormMixin, KeepsTerritoryMixin, forms.ModelForm):
    needs = NeedChoiceField(
        queryset=Need.objects.none(),
        required=False,
        label=_("Besoins visés"),
        help_text=_("Seulement des besoins du même territoire que l'opportunité."),
        error_messages={"invalid_choice": NEED_REFUSED},
    )
    estimated_jobs = forms.DecimalField(
        label=_("Emplois estimés (ETP)"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=1,
        error_messages={"min_value": NEGATIVE_JOBS},
    )

    class Meta:
        model = Opportunity
        fields = ["territory", "sector", "title", "description", "needs", "estimated_jobs", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        needs = needs_choosable_by(user)
        if self.instance.pk is None:
            self.fields["territory"].queryset = EngagedTerritory.objects.editable_by(user).order_by("name")
            self.fields["territory"].error_messages["invalid_choice"] = TERRITORY_REFUSED
        else:
            needs = needs.filter(territory_id=self.instance.territory_id)
        self.fields["needs"].queryset = needs
        self.fields["needs"].widget.attrs["size"] = 8
        self.fields["sector"].queryset = sector_choices(self.instance)

    def clean(self):
        cleaned = super().clean()
        territory = cleaned.get("territory")
        if territory is not None:
            for need in cleaned.get("needs") or []:
                if need.territory_id != territory.pk:
                    self.add_error(
                        "needs", NEEDS_OF_OTHER_TERRITORY % {"title": need.title, "territory": need.territory.name}
                    )
                    break
        return cleaned


class NeedImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Fichier (XLSX ou CSV)"),
        help_text=_("2 Mo et 5 000 lignes au plus ; la première ligne donne les noms des colonnes."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
