"""Forms of unmet needs, development opportunities and the needs import."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import PastDateField
from core.form_styles import CheckboxList, StyledFormMixin
from core.versioning import VersionedFormMixin
from territories.models import EngagedTerritory, Need, Opportunity, Sector
from territories.selectors.needs import needs_choosable_by
from territories.services.needs import DECLINED_STATUS_KEPT, IDEA_STATUS_KEPT, IDEA_STATUS_REFUSED

TERRITORY_REFUSED = _("Vous ne pouvez pas enregistrer de fiche sur ce territoire : choisissez l’un des vôtres.")
NEED_REFUSED = _("Ce besoin n’est pas sur l’un de vos territoires.")
NEEDS_OF_OTHER_TERRITORY = _(
    "Une opportunité ne peut viser que des besoins de son territoire : « %(title)s » appartient à %(territory)s."
)
TO_REVIEW_HELP = _(
    "Idée reçue par l’appel à idées : les partenaires ne la voient pas encore. Retirez du texte ce qui "
    "permettrait de reconnaître une personne, puis acceptez-la ou écartez-la depuis sa page (« Examiner l’idée »)."
)
DECLINED_HELP = _("Idée non retenue à l’examen : elle reste hors des listes des partenaires.")
DATE_BEFORE_IDENTIFICATION = _("Cette date ne peut pas précéder la date d’identification.")
DATE_OF_STATUS_NOT_REACHED = _(
    "« %(field)s » est rempli alors que le besoin est « %(status)s » : choisissez le statut « %(reached)s » "
    "ou effacez cette date."
)
# The dates a need may carry in each status: the statuses it went through to get there. A dropped need may have
# been qualified before; it was not addressed.
NEED_STATUS_DATES = {
    "qualified_on": ({Need.Status.QUALIFIED, Need.Status.ADDRESSED, Need.Status.DROPPED}, Need.Status.QUALIFIED),
    "addressed_on": ({Need.Status.ADDRESSED}, Need.Status.ADDRESSED),
    "dropped_on": ({Need.Status.DROPPED}, Need.Status.DROPPED),
}
NEGATIVE_JOBS = _("Le nombre d’emplois estimés ne peut pas être négatif.")


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
            self.fields["territory"].help_text = _("Le territoire d’une fiche existante ne change pas.")
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
        }
        field_classes = {
            name: PastDateField for name in ("identified_on", "qualified_on", "addressed_on", "dropped_on")
        }
        help_texts = {
            "identified_on": _("Aujourd’hui si vous la laissez vide."),
            "status": _("La date de l’étape atteinte est mise à aujourd’hui si vous ne la donnez pas."),
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
        review_states = (Need.Status.TO_REVIEW, Need.Status.DECLINED)
        if self.instance.status in review_states:
            # An idea enters and leaves review through its review page alone.
            status.choices = [choice for choice in status.choices if choice[0] == self.instance.status]
            if self.instance.status == Need.Status.TO_REVIEW:
                status.help_text, status.error_messages["invalid_choice"] = TO_REVIEW_HELP, IDEA_STATUS_KEPT
            else:
                status.help_text, status.error_messages["invalid_choice"] = DECLINED_HELP, DECLINED_STATUS_KEPT
        else:
            # Waiting for review, or declined at review, is the state of a public idea alone.
            status.choices = [choice for choice in status.choices if choice[0] not in review_states]
            status.error_messages["invalid_choice"] = IDEA_STATUS_REFUSED

    def clean(self):
        cleaned = super().clean()
        identified_on = cleaned.get("identified_on") or timezone.localdate()
        status = cleaned.get("status")
        for name, (statuses, reached) in NEED_STATUS_DATES.items():
            value = cleaned.get(name)
            if not value:
                continue
            if status and status not in statuses:
                self.add_error(
                    name,
                    DATE_OF_STATUS_NOT_REACHED
                    % {
                        "field": self.fields[name].label,
                        "status": Need.Status(status).label,
                        "reached": Need.Status(reached).label,
                    },
                )
            elif value < identified_on:
                self.add_error(name, DATE_BEFORE_IDENTIFICATION)
        return cleaned


class OpportunityForm(StyledFormMixin, VersionedFormMixin, KeepsTerritoryMixin, forms.ModelForm):
    needs = NeedChoiceField(
        queryset=Need.objects.none(),
        required=False,
        widget=CheckboxList(filterable=True),
        label=_("Besoins visés"),
        help_text=_("Seulement des besoins du même territoire que l’opportunité."),
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
        help_text=_("2 Mo et 5 000 lignes au plus ; la première ligne donne les noms des colonnes."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
