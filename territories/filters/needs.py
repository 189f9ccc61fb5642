"""List filters of unmet needs and development opportunities.

Filter names are the French query parameters users see in their URLs (`?territoire=<slug>`, `tri`).
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import StyledFilterSet
from territories.models import Need, Opportunity

from .choices import TerritoryFilter, sectors


class NeedFilter(StyledFilterSet):
    search_fields = ("title", "description", "population_concerned", "evidence")

    territoire = TerritoryFilter()
    filiere = django_filters.ModelChoiceFilter(
        field_name="sector", to_field_name="slug", queryset=sectors(), label=_("Filière")
    )
    statut = django_filters.ChoiceFilter(field_name="status", choices=Need.Status.choices, label=_("Statut"))
    priorite = django_filters.ChoiceFilter(field_name="priority", choices=Need.Priority.choices, label=_("Priorité"))
    source = django_filters.ChoiceFilter(field_name="source", choices=Need.Source.choices, label=_("Source"))
    tri = django_filters.OrderingFilter(
        fields=(("priority", "priorite"), ("identified_on", "date"), ("title", "intitule")),
        field_labels={"priority": _("Priorité"), "identified_on": _("Date d'identification"), "title": _("Intitulé")},
        label=_("Trier par"),
    )

    class Meta:
        model = Need
        fields = []


class OpportunityFilter(StyledFilterSet):
    search_fields = ("title", "description")

    territoire = TerritoryFilter()
    filiere = django_filters.ModelChoiceFilter(
        field_name="sector", to_field_name="slug", queryset=sectors(), label=_("Filière")
    )
    statut = django_filters.ChoiceFilter(field_name="status", choices=Opportunity.Status.choices, label=_("Statut"))
    tri = django_filters.OrderingFilter(
        fields=(("title", "intitule"), ("created_at", "date"), ("estimated_jobs", "emplois")),
        field_labels={"title": _("Intitulé"), "created_at": _("Date de création"), "estimated_jobs": _("Emplois")},
        label=_("Trier par"),
    )

    class Meta:
        model = Opportunity
        fields = []
