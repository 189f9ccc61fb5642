"""Forms of the library of inspiring initiatives: an initiative's edit form, and its replication on a territory."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.form_styles import StyledFormMixin
from core.numbers import FrenchDecimalField
from core.versioning import VersionedFormMixin
from territories.models import Region, Sector

from ..models import Initiative
from ..selectors import initiatives as selectors
from .projects import TerritoryObjectChoiceField

YEAR_MIN = 1800
YEAR_OUT_OF_RANGE = _("Saisissez une année entre 1800 et l’année en cours.")
JOBS_NOT_NEGATIVE = _("Le nombre d’emplois ne peut pas être négatif.")
URL_INVALID = _("Saisissez une adresse web complète, par exemple https://www.exemple.fr.")
TERRITORY_REFUSED = _("Vous ne pouvez pas essaimer sur ce territoire : choisissez l’un des vôtres.")
NEED_REFUSED = _("Ce besoin n’est pas l’un des besoins examinés de vos territoires.")
OPPORTUNITY_REFUSED = _("Cette opportunité n’est pas l’une de celles de vos territoires.")


class WebAddressField(forms.URLField):
    """A web address; typed without its scheme (« www.exemple.fr »), it is taken as https."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)
        self.error_messages["invalid"] = URL_INVALID


def clean_tags(value: str) -> str:
    """« mobilité ,garage,, insertion » → « mobilité, garage, insertion »: trimmed, empty and repeated ones dropped."""
    tags, seen = [], set()
    for tag in (value or "").split(","):
        tag = " ".join(tag.split())
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return ", ".join(tags)


class InitiativeForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Initiative
        fields = [
            "title",
            "summary",
            "description",
            "sector",
            "target_public",
            "origin_region",
            "origin_town",
            "structure_name",
            "structure_website",
            "legal_form",
            "economic_model",
            "year_started",
            "jobs_fte",
            "results",
            "replication_conditions",
            "tags",
            "source_url",
            "status",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 3}),
            "replication_conditions": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {
            "jobs_fte": FrenchDecimalField,
            "structure_website": WebAddressField,
            "source_url": WebAddressField,
        }
        help_texts = {
            "summary": _(
                "Quelques phrases (600 caractères au plus) : elles s’affichent dans la liste et la recherche."
            ),
            "tags": _("Séparés par des virgules, par exemple : mobilité, garage, insertion."),
            "status": _("Un brouillon n’est lu que par la coordination ; publiée, l’initiative est lue par tous."),
            "year_started": _("Par exemple 2018."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sectors = Q(is_active=True) | Q(pk=self.instance.sector_id) if self.instance.sector_id else Q(is_active=True)
        self.fields["sector"].queryset = Sector.objects.filter(sectors).only("id", "name").order_by("name")
        self.fields["origin_region"].queryset = Region.objects.only("id", "name").order_by("name")
        year = self.fields["year_started"]
        this_year = timezone.localdate().year
        year.widget.attrs.update(min=YEAR_MIN, max=this_year)
        year.validators += [
            MinValueValidator(YEAR_MIN, message=YEAR_OUT_OF_RANGE),
            MaxValueValidator(this_year, message=YEAR_OUT_OF_RANGE),
        ]
        year.error_messages.update(min_value=YEAR_OUT_OF_RANGE, max_value=YEAR_OUT_OF_RANGE)
        jobs = self.fields["jobs_fte"]
        jobs.widget.attrs["min"] = 0
        jobs.validators.append(MinValueValidator(0, message=JOBS_NOT_NEGATIVE))

    def clean_tags(self):
        return clean_tags(self.cleaned_data.get("tags", ""))


class InitiativeReplicateForm(StyledFormMixin, forms.Form):
    """Replicate an initiative on a territory the user edits, answering one of its needs (optional)."""

    territory = forms.ModelChoiceField(
        queryset=None,
        label=_("Territoire"),
        empty_label=_("Choisissez un territoire"),
        error_messages={"invalid_choice": TERRITORY_REFUSED, "required": _("Choisissez le territoire du projet.")},
    )
    need = TerritoryObjectChoiceField(
        queryset=None,
        required=False,
        label=_("Besoin auquel il répond"),
        empty_label=_("Aucun besoin en particulier"),
        help_text=_("Un besoin examiné du territoire choisi."),
        error_messages={"invalid_choice": NEED_REFUSED},
    )
    opportunity = TerritoryObjectChoiceField(
        queryset=None,
        required=False,
        label=_("Opportunité de développement"),
        empty_label=_("Aucune opportunité"),
        error_messages={"invalid_choice": OPPORTUNITY_REFUSED},
    )
    title = forms.CharField(
        label=_("Intitulé du projet"),
        max_length=200,
        required=False,
        help_text=_("Laissé vide : l’intitulé de l’initiative suivi du nom du territoire."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = selectors.replication_territories(user=user)
        self.fields["need"].queryset = selectors.replication_needs(user=user)
        self.fields["opportunity"].queryset = selectors.replication_opportunities(user=user)

    def service_data(self):
        return {name: self.cleaned_data.get(name) for name in ("territory", "need", "opportunity", "title")}
