"""Filters of the library of inspiring initiatives: the search text, sector, target public, region of origin and,
for coordinators, the status. Filter names are the French query parameters users see in their URLs."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import StyledFilterSet
from core.roles import Role
from territories.filters.choices import sectors
from territories.models import Region

from ..models import Initiative
from ..selectors.initiative_search import initiative_search


def regions():
    return Region.objects.only("id", "code", "name").order_by("name")


class InitiativeFilter(StyledFilterSet):
    filiere = django_filters.ModelChoiceFilter(
        field_name="sector", to_field_name="slug", queryset=sectors(), label=_("Filière"), empty_label=_("Toutes")
    )
    public = django_filters.ChoiceFilter(
        field_name="target_public",
        choices=Initiative.TargetPublic.choices,
        label=_("Public visé"),
        empty_label=_("Tous"),
    )
    region = django_filters.ModelChoiceFilter(
        field_name="origin_region",
        to_field_name="code",
        queryset=regions(),
        label=_("Région d’origine"),
        empty_label=_("Toutes"),
    )
    # Drafts are read by coordinators alone: the others have no status to choose.
    statut = django_filters.ChoiceFilter(
        field_name="status", choices=Initiative.Status.choices, label=_("Statut"), empty_label=_("Tous")
    )

    class Meta:
        model = Initiative
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        search = self.filters["q"]
        search.label = _("Rechercher une initiative")
        search.extra["widget"] = forms.TextInput(
            attrs={"type": "search", "placeholder": _("Par exemple : garage solidaire, mobilité")}
        )
        user = getattr(self.request, "user", None)
        if user is None or getattr(user, "role", None) != Role.COORDINATOR:
            del self.filters["statut"]

    def filter_text(self, queryset, name, value):
        """The library's search (full text in French on PostgreSQL), most relevant first."""
        text = value.strip()
        return initiative_search(queryset, text) if text else queryset

    @property
    def search_text(self):
        """The search text the rows were narrowed by ("" without one, or when it was refused)."""
        if not self.is_bound:
            return ""
        self.form.is_valid()
        return (self.form.cleaned_data.get("q") or "").strip()
