"""List filters of unmet needs and development opportunities.

Filter names are the French query parameters users see in their URLs (`?territoire=<slug>`, `tri`).
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from territories.models import Need, Opportunity

from .choices import TerritoryFilter, sectors
from .scope import TerritoryScopedFilterSet


class NeedFilter(TerritoryScopedFilterSet):
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
        field_labels={"priority": _("Priorité"), "identified_on": _("Date d’identification"), "title": _("Intitulé")},
        label=_("Trier par"),
    )

    class Meta:
        model = Need
        fields = []

    def filter_text(self, queryset, name, value):
        """A receipt reference of the call for ideas ("AI-27", "ai 27") finds that idea; other text is searched."""
        # Imported here: the reference's format lives with the call for ideas that hands it out.
        from territories.services.public import call_for_ideas_pk

        pk = call_for_ideas_pk(value)
        if pk is None:
            return super().filter_text(queryset, name, value)
        # The list's queryset is already scoped: an idea the user may not read is not found either.
        return queryset.filter(pk=pk, source=Need.Source.CALL_FOR_IDEAS)


class OpportunityFilter(TerritoryScopedFilterSet):
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
