"""Filters of the engaged territories list (status, text, département, sorting) and of the perimeter search."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import SEARCH_MAX_LENGTH, QueryFormMixin, StyledFilterSet

from ..models import Departement, EngagedTerritory
from ..selectors.engaged import territories_in_departement


class TerritoryFilter(StyledFilterSet):
    search_fields = ("name", "description", "driving_authority__name", "referent_actor__name")

    status = django_filters.ChoiceFilter(label=_("Statut"), choices=EngagedTerritory.Status.choices)
    departement = django_filters.ModelChoiceFilter(
        label=_("Département"),
        queryset=Departement.objects.order_by("code"),
        to_field_name="code",
        method="filter_departement",
    )
    tri = django_filters.OrderingFilter(
        label=_("Trier par"),
        fields=(
            ("name", "name"),
            ("status", "status"),
            ("population", "population"),
            ("commune_count", "commune_count"),
            ("application_date", "application_date"),
            ("launch_date", "launch_date"),
        ),
        field_labels={
            "name": _("Nom"),
            "status": _("Statut"),
            "population": _("Population"),
            "commune_count": _("Nombre de communes"),
            "application_date": _("Date de candidature"),
            "launch_date": _("Date de lancement"),
        },
    )

    class Meta:
        model = EngagedTerritory
        fields = ["q", "status", "departement", "tri"]

    def filter_departement(self, queryset, name, value):
        return territories_in_departement(queryset, value) if value else queryset


class PerimeterSearchForm(QueryFormMixin, forms.Form):
    """The text typed in the perimeter field, as the autocomplete sends it in `?q=`."""

    q = forms.CharField(label=_("EPCI ou commune"), required=False, max_length=SEARCH_MAX_LENGTH)

    def text(self):
        """The text to search for, or "" when it is not one (too long, or holding NUL)."""
        return self.cleaned_data["q"] if self.is_valid() else ""
