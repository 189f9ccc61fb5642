"""Forms of the actors directory: actors, contact persons, cooperations, sectors and the actor import."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import FrenchDateField
from core.form_styles import CheckboxList, StyledFormMixin
from core.versioning import VersionedFormMixin

from ..models import Actor, Commune, Contact, Cooperation, EngagedTerritory, Sector
from ..selectors.actors import actor_proposable_territories
from ..services.actors import referent_territories_error
from ..validators import normalise_identifier, validate_siret_or_siren

ESUS_END_WITHOUT_APPROVAL = _(
    "Une date de fin d’agrément ESUS suppose l’agrément : cochez « agrément ESUS » ou effacez la date."
)
AT_LEAST_TWO_ACTORS = _("Choisissez au moins deux acteurs : une coopération relie plusieurs structures.")
TERRITORY_NOT_EDITABLE = _("Vous ne pouvez pas enregistrer de coopération sur ce territoire.")
TERRITORY_NOT_REFERRED = _(
    "Vous ne pouvez ajouter ou retirer que les territoires dont votre structure est l’acteur référent."
)
PROPOSE_TERRITORY_INVALID = _(
    "Choisissez l’un des territoires dont votre structure est l’acteur référent et où cet acteur "
    "n’est pas encore présent."
)
SECTOR_NAME_TAKEN = _("Une filière porte déjà ce nom.")
ACTOR_NAME_TAKEN = _("Un acteur porte déjà ce nom.")

# "Nogent-sur-Oise (60463)" as shown back in the form, or a bare code: 5 characters, Corsica's 2A/2B included.
INSEE_CODE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$", re.IGNORECASE)
NAME_WITH_CODE = re.compile(r"\(([0-9AB]{5})\)\s*$", re.IGNORECASE)


def find_commune(text):
    """The official commune for an INSEE code (or "Name (code)", or an unambiguous name); raises
    ValidationError with a French message otherwise."""
    text = " ".join(str(text).split())
    match = NAME_WITH_CODE.search(text)
    code = match.group(1) if match else text
    if INSEE_CODE.match(code):
        commune = Commune.objects.filter(code=code.upper()).first()
        if commune is None:
            raise forms.ValidationError(
                _("Aucune commune ne porte le code INSEE « %(code)s »."), code="unknown_commune", params={"code": code}
            )
        return commune
    communes = list(Commune.objects.filter(name__iexact=text)[:2])
    if len(communes) == 1:
        return communes[0]
    if communes:
        raise forms.ValidationError(
            _("Plusieurs communes s’appellent « %(name)s » : saisissez son code INSEE."),
            code="ambiguous_commune",
            params={"name": text},
        )
    raise forms.ValidationError(
        _("Aucune commune ne s’appelle « %(name)s » : saisissez son code INSEE (ex. 60463)."),
        code="unknown_commune",
        params={"name": text},
    )


class ActorForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    siret = forms.CharField(
        label=_("SIRET ou SIREN"),
        required=False,
        max_length=20,
        validators=[validate_siret_or_siren],
        help_text=_("14 chiffres (SIRET) ou 9 chiffres (SIREN), vérifiés par la clé de Luhn."),
    )
    town_text = forms.CharField(
        label=_("Commune"),
        required=False,
        max_length=220,
        help_text=_("Code INSEE (ex. 60463) ou nom exact de la commune."),
    )
    website = forms.URLField(label=_("Site web"), required=False, max_length=200, assume_scheme="https")
    territories = forms.ModelMultipleChoiceField(
        label=_("Territoires d’activité"),
        queryset=EngagedTerritory.objects.none(),
        required=False,
        widget=CheckboxList,
        error_messages={"invalid_choice": TERRITORY_NOT_REFERRED},
    )

    class Meta:
        model = Actor
        fields = [
            "name",
            "kind",
            "siret",
            "legal_category",
            "is_scic",
            "esus_approved",
            "esus_end_date",
            "town_text",
            "website",
            "description",
            "territories",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"esus_end_date": FrenchDateField}
        error_messages = {"name": {"unique": ACTOR_NAME_TAKEN}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # A referent ticks only the territories they refer: the others are other referents' to decide.
        self.fields["territories"].queryset = EngagedTerritory.objects.editable_by(user).order_by("name")
        self.fields["legal_category"].choices = [
            ("", _("— non renseignée —")),
            *self.fields["legal_category"].choices[1:],
        ]
        if self.instance.pk:
            if self.instance.town_id:
                self.initial["town_text"] = str(self.instance.town)
        elif not self.is_bound:
            # A referent's new actor starts in the territories they refer, so they keep the right to edit it.
            self.initial["territories"] = list(EngagedTerritory.objects.editable_by(user).values_list("pk", flat=True))

    def clean_siret(self):
        return normalise_identifier(self.cleaned_data.get("siret"))

    def clean_town_text(self):
        text = self.cleaned_data.get("town_text", "").strip()
        return find_commune(text) if text else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("esus_end_date") and not cleaned.get("esus_approved"):
            self.add_error("esus_end_date", ESUS_END_WITHOUT_APPROVAL)
        if "territories" in cleaned:
            error = referent_territories_error(
                user=self.user, actor=self.instance if self.instance.pk else None, territories=cleaned["territories"]
            )
            if error:
                self.add_error("territories", error)
        return cleaned

    def service_data(self):
        data = super().service_data()
        data["town"] = data.pop("town_text", None)
        return data


class ActorProposeForm(forms.Form):
    """Propose an actor for one of the user's territories where it does not work yet."""

    territory = forms.ModelChoiceField(
        label=_("Territoire"),
        queryset=EngagedTerritory.objects.none(),
        error_messages={
            "required": PROPOSE_TERRITORY_INVALID,
            "invalid_choice": PROPOSE_TERRITORY_INVALID,
            "invalid_pk_value": PROPOSE_TERRITORY_INVALID,
        },
    )

    def __init__(self, *args, user, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = actor_proposable_territories(user=user, actor=actor)


class ContactForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone"]


class CooperationForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    actors = forms.ModelMultipleChoiceField(
        label=_("Acteurs impliqués"),
        queryset=Actor.objects.none(),
        widget=CheckboxList(filterable=True),
        help_text=_("Cochez au moins deux acteurs."),
    )

    class Meta:
        model = Cooperation
        fields = ["title", "actors", "territory", "description", "since"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"since": FrenchDateField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["actors"].queryset = Actor.objects.order_by("name")
        self.fields["territory"].queryset = EngagedTerritory.objects.editable_by(user).order_by("name")
        if self.instance.pk:
            self.initial["actors"] = [actor.pk for actor in self.instance.actors.all()]

    def clean_actors(self):
        actors = self.cleaned_data["actors"]
        if len(actors) < 2:
            raise forms.ValidationError(AT_LEAST_TWO_ACTORS, code="too_few_actors")
        return actors

    def clean_territory(self):
        territory = self.cleaned_data["territory"]
        if not self.user.has_perm("territories.add_in_territory", territory):
            raise forms.ValidationError(TERRITORY_NOT_EDITABLE, code="territory_not_editable")
        return territory


class SectorForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Sector
        fields = ["name", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"unique": SECTOR_NAME_TAKEN}}

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        # Compared in Python: SQLite's case-insensitive match ignores the case of accented letters only.
        others = Sector.objects.exclude(pk=self.instance.pk).values_list("name", flat=True)
        if any(other.casefold() == name.casefold() for other in others):
            raise forms.ValidationError(SECTOR_NAME_TAKEN, code="unique")
        return name


class ActorImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Fichier à importer"),
        help_text=_("Classeur .xlsx ou fichier .csv (séparateur « ; », UTF-8), 2 Mo et 5 000 lignes au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
