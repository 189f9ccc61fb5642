"""The dashboard's filters: `?annee=`, `?territoire=` and `?filiere=`, read through a form so that an odd or
refused value falls back to the default with a message on its field, never an error page."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import QueryFormMixin
from core.form_renderer import PlainChoices, PlainSelect
from core.form_styles import StyledFormMixin
from core.roles import Role

from .scope import MINE, REGION, TERRITORY, DashboardScope

# `?territoire=region`: a referent's switch to the whole region (their default is their own territories).
REGION_VALUE = "region"


class DashboardForm(QueryFormMixin, StyledFormMixin, forms.Form):
    annee = forms.TypedChoiceField(
        label=_("Année"),
        coerce=int,
        required=False,
        error_messages={
            "invalid_choice": _("Cette année n’est pas proposée : les chiffres sont ceux de l’année en cours.")
        },
    )
    territoire = forms.ChoiceField(
        label=_("Territoire"),
        required=False,
        widget=PlainSelect,  # a coordinator's 300 territories
        error_messages={
            "invalid_choice": _("Ce territoire n’est pas proposé : les chiffres sont ceux du périmètre par défaut.")
        },
    )
    filiere = forms.ChoiceField(
        label=_("Filière"),
        required=False,
        error_messages={
            "invalid_choice": _("Cette filière n’est pas proposée : les chiffres sont ceux de toutes les filières.")
        },
    )

    def __init__(self, data, *, user, choices):
        self.this_year = timezone.localdate().year
        if not data.get("annee"):
            # The year shown selected is the one the figures are of.
            data = data.copy()
            data["annee"] = str(self.this_year)
        super().__init__(data)
        self.user = user
        self.fields["annee"].choices = [(year, str(year)) for year in choices["years"]]
        self.sectors = {row.slug: row for row in choices["sectors"]}
        self.fields["filiere"].choices = [("", _("Toutes les filières"))] + [
            (row.slug, row.name) for row in choices["sectors"]
        ]
        # Read once: `user` is the request's lazy object, whose every attribute read goes through a proxy.
        organisation = user.organisation_id if user.role == Role.REFERENT else None
        self.own = [row for row in choices["territories"] if organisation and row.referent_actor_id == organisation]
        if user.role == Role.COORDINATOR:
            self.territories = {row.slug: row for row in choices["territories"]}
            # Read when first needed (its HTML is mostly cached), and then once for the check and the drawing.
            self.fields["territoire"].choices = PlainChoices(
                lambda: [("", _("Tous les territoires")), *((row.slug, row.name) for row in choices["territories"])]
            )
        elif user.role == Role.REFERENT and self.own:
            self.territories = {row.slug: row for row in self.own}
            self.fields["territoire"].choices = [
                ("", _("Mes territoires")),
                *((row.slug, row.name) for row in self.own),
                (REGION_VALUE, _("Ensemble de la région")),
            ]
        else:
            # Partners (and a referent whose organisation refers no territory) read the region's figures only.
            self.territories = {}
            del self.fields["territoire"]

    def scope(self) -> DashboardScope:
        """The scope asked for, each refused or odd value replaced by its default (the error stays on its field)."""
        self.is_valid()
        cleaned = self.cleaned_data
        year = cleaned.get("annee") or self.this_year
        sector = self.sectors.get(cleaned.get("filiere") or "")
        chosen = cleaned.get("territoire") or ""
        if chosen in self.territories and chosen != REGION_VALUE:
            return DashboardScope(year, TERRITORY, (self.territories[chosen],), sector)
        if self.user.role == Role.REFERENT and self.own and chosen != REGION_VALUE:
            return DashboardScope(year, MINE, tuple(self.own), sector)
        return DashboardScope(year, REGION, (), sector)
