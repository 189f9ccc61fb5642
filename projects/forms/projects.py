"""The create and edit form of a project (its stage apart: that moves through the stage-change form)."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.dates import PastDateField
from core.filters import QueryFormMixin
from core.form_styles import CheckboxList, StyledFormMixin
from core.numbers import FrenchDecimalField
from core.roles import Role
from core.versioning import VersionedFormMixin
from territories.models import Actor, EngagedTerritory, Need, Opportunity, Sector

from ..models import Project

TERRITORY_REFUSED = _("Vous ne pouvez pas enregistrer de projet sur ce territoire : choisissez l’un des vôtres.")
NEED_REFUSED = _("Ce besoin n’est pas l’un des besoins examinés de vos territoires.")
NEED_OF_OTHER_TERRITORY = _("Un projet ne répond qu’à des besoins de son territoire : « %(title)s » n’en est pas.")
OPPORTUNITY_REFUSED = _("Cette opportunité n’est pas l’une de celles de vos territoires.")
OPPORTUNITY_OF_OTHER_TERRITORY = _("L’opportunité doit être celle du territoire du projet.")
NOT_NEGATIVE = _("Cette valeur ne peut pas être négative.")
# Counted jobs: left empty, none yet.
ZERO_WHEN_EMPTY = ("jobs_planned_fte", "jobs_created_fte")
# Ideas still waiting for review, or declined at it, are not needs a project answers.
UNREVIEWED = (Need.Status.TO_REVIEW, Need.Status.DECLINED)


class NeedChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, *args, with_territory=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_territory = with_territory

    def label_from_instance(self, obj):
        return f"{obj.territory.name} — {obj.title}" if self.with_territory else obj.title


class TerritoryObjectChoiceField(forms.ModelChoiceField):
    with_territory = True

    def label_from_instance(self, obj):
        return f"{obj.territory.name} — {obj.title}" if self.with_territory else obj.title


class UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.email
        return f"{name} ({obj.organisation.name})" if obj.organisation_id else name


def _territory_id(value):
    if isinstance(value, EngagedTerritory):
        return value.pk
    return value or None


class ProjectForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    needs = NeedChoiceField(
        queryset=Need.objects.none(),
        required=False,
        widget=CheckboxList(filterable=True),
        label=_("Besoins auxquels il répond"),
        help_text=_("Les besoins examinés du territoire du projet."),
        error_messages={"invalid_choice": NEED_REFUSED},
    )
    opportunity = TerritoryObjectChoiceField(
        queryset=Opportunity.objects.none(),
        required=False,
        label=_("Opportunité de développement"),
        error_messages={"invalid_choice": OPPORTUNITY_REFUSED},
    )
    referent_users = UserChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        widget=CheckboxList(filterable=True),
        label=_("Référent·es du projet"),
    )

    class Meta:
        model = Project
        fields = [
            "territory",
            "title",
            "sector",
            "origin",
            "needs",
            "opportunity",
            "referent_actor",
            "referent_users",
            "summary",
            "social_utility",
            "target_public",
            "target_legal_form",
            "leader_name",
            "leader_email",
            "leader_phone",
            "leader_structure",
            "jobs_planned_fte",
            "jobs_created_fte",
            "non_relocatable",
            "budget",
            "creation_date",
            "siret",
            "still_active_1y",
            "jobs_1y",
            "still_active_3y",
            "jobs_3y",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "social_utility": forms.Textarea(attrs={"rows": 3}),
            "still_active_1y": forms.NullBooleanSelect,
            "still_active_3y": forms.NullBooleanSelect,
        }
        field_classes = {
            "creation_date": PastDateField,
            **{
                name: FrenchDecimalField
                for name in ("jobs_planned_fte", "jobs_created_fte", "budget", "jobs_1y", "jobs_3y")
            },
        }
        help_texts = {
            "leader_name": _(
                "Une personne ou une structure existante, pas les deux. Nom, e-mail et téléphone sont des données "
                "personnelles : seuls la coordination et les référent·es du territoire les lisent."
            ),
            "leader_structure": _("Si le porteur est une structure existante, choisissez-la ici."),
            "target_legal_form": _("Par exemple SCIC, SCOP, association. Exigée pour passer à « entreprise créée »."),
            "creation_date": _("Exigée, avec la forme juridique et le SIRET, pour passer à « entreprise créée »."),
            "siret": _("14 chiffres, vérifiés par leur clé."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editable = EngagedTerritory.objects.editable_by(user).order_by("name")
        territory = self.fields["territory"]
        if self.instance.pk is not None:
            territory.disabled = True
            territory.help_text = _("Le territoire d’un projet existant ne change pas.")
            territory.queryset = EngagedTerritory.objects.filter(pk=self.instance.territory_id)
            chosen = self.instance.territory_id
        else:
            territory.queryset = editable
            territory.empty_label = _("Choisissez un territoire")
            territory.error_messages["invalid_choice"] = TERRITORY_REFUSED
            # A territory given by the page (preselected) narrows the lists below, until the form is posted.
            chosen = None if self.is_bound else _territory_id(self.initial.get("territory"))
        in_territories = Q(territory_id=chosen) if chosen else Q(territory__in=editable)
        several = chosen is None
        self.fields["needs"].queryset = (
            Need.objects.filter(in_territories)
            .exclude(status__in=UNREVIEWED)
            .select_related("territory")
            .only("id", "title", "territory__name")
            .order_by("territory__name", "title")
        )
        self.fields["needs"].with_territory = several
        opportunities = Opportunity.objects.filter(in_territories).exclude(status=Opportunity.Status.DROPPED)
        if self.instance.opportunity_id:
            opportunities = Opportunity.objects.filter(in_territories).filter(
                ~Q(status=Opportunity.Status.DROPPED) | Q(pk=self.instance.opportunity_id)
            )
        self.fields["opportunity"].queryset = (
            opportunities.select_related("territory")
            .only("id", "title", "territory__name")
            .order_by("territory__name", "title")
        )
        self.fields["opportunity"].with_territory = several
        sectors = Q(is_active=True) | Q(pk=self.instance.sector_id) if self.instance.sector_id else Q(is_active=True)
        self.fields["sector"].queryset = Sector.objects.filter(sectors).order_by("name")
        actors = Actor.objects.only("id", "name").order_by("name")
        self.fields["leader_structure"].queryset = actors
        referent_actors = Q(kind=Actor.Kind.REFERENT)
        if self.instance.referent_actor_id:
            referent_actors |= Q(pk=self.instance.referent_actor_id)
        self.fields["referent_actor"].queryset = actors.filter(referent_actors)
        self.fields["referent_users"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, role__in=(Role.COORDINATOR, Role.REFERENT))
            .select_related("organisation")
            .only("id", "first_name", "last_name", "email", "organisation__name")
            .order_by("last_name", "first_name", "email")
        )
        for name in ("jobs_planned_fte", "jobs_created_fte", "budget", "jobs_1y", "jobs_3y"):
            self.fields[name].min_value = 0
            self.fields[name].widget.attrs["min"] = 0
            self.fields[name].validators.append(MinValueValidator(0, message=NOT_NEGATIVE))
        for name in ZERO_WHEN_EMPTY:
            self.fields[name].required = False
            self.fields[name].help_text = _("0 si vous le laissez vide.")

    def clean(self):
        cleaned = super().clean()
        for name in ZERO_WHEN_EMPTY:
            if name in cleaned and cleaned[name] is None:
                cleaned[name] = 0
        territory = cleaned.get("territory") or (self.instance.territory if self.instance.pk else None)
        if territory is not None:
            for need in cleaned.get("needs") or ():
                if need.territory_id != territory.pk:
                    self.add_error("needs", NEED_OF_OTHER_TERRITORY % {"title": need.title})
                    break
            opportunity = cleaned.get("opportunity")
            if opportunity is not None and opportunity.territory_id != territory.pk:
                self.add_error("opportunity", OPPORTUNITY_OF_OTHER_TERRITORY)
        # A person and a structure together are refused by the model's clean, on leader_structure.
        return cleaned

    def service_data(self):
        data = super().service_data()
        if self.instance.pk is not None:
            data.pop("territory", None)  # kept by the service, and disabled here
        return data


# The project's origin when it starts from a need found this way.
ORIGIN_OF_NEED_SOURCE = {
    Need.Source.DIAGNOSIS: Project.Origin.DIAGNOSIS,
    Need.Source.CREATIVITY_SESSION: Project.Origin.CREATIVITY_SESSION,
    Need.Source.CALL_FOR_IDEAS: Project.Origin.CALL_FOR_IDEAS,
}


class StartFromForm(QueryFormMixin, forms.Form):
    """`?besoin=` or `?opportunite=`: the need or opportunity a new project starts from (the « Démarrer un
    projet » button of their pages). Only a reviewed need or a live opportunity of a territory the user may
    add to is taken; any other value is ignored and the form opens empty."""

    besoin = forms.IntegerField(required=False, min_value=1)
    opportunite = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def initial_values(self) -> dict:
        if not self.is_valid():
            return {}
        editable = EngagedTerritory.objects.editable_by(self.user)
        opportunity_pk, need_pk = self.cleaned_data.get("opportunite"), self.cleaned_data.get("besoin")
        if opportunity_pk:
            opportunity = (
                Opportunity.objects.filter(pk=opportunity_pk, territory__in=editable)
                .exclude(status=Opportunity.Status.DROPPED)
                .select_related("territory")
                .first()
            )
            if opportunity is not None:
                needs = opportunity.needs.exclude(status__in=UNREVIEWED).values_list("pk", flat=True)
                return {
                    "territory": opportunity.territory,
                    "opportunity": opportunity.pk,
                    "needs": list(needs),
                    "sector": opportunity.sector_id,
                    "title": opportunity.title,
                }
        if need_pk:
            need = (
                Need.objects.filter(pk=need_pk, territory__in=editable)
                .exclude(status__in=UNREVIEWED)
                .select_related("territory")
                .first()
            )
            if need is not None:
                origin = ORIGIN_OF_NEED_SOURCE.get(need.source)
                return {
                    "territory": need.territory,
                    "needs": [need.pk],
                    "sector": need.sector_id,
                    "title": need.title,
                    **({"origin": origin} if origin else {}),
                }
        return {}
