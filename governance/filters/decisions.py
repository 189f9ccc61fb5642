"""List filter of decisions: year, committee, outcome, the project's territory and sector, in force, and text.

Filter names are the French query parameters users see in their URLs (`?annee=2026&comite=3&issue=go`).

A referent's list opens on the whole region (a committee's decisions matter beyond one territory, and some are on
no project); `?perimetre=mes-territoires` narrows it to the decisions on their territories' projects. `sur_projet`
is set by the dashboard's links (decisions on a project only, as the indicators count them) and shows in the form
only then.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import YearFilter
from territories.filters.choices import TerritoryFilter, sectors
from territories.filters.scope import REGION, TerritoryScopedFilterSet

from ..indicators import decision_in_force
from ..models import Committee, Decision
from ..services.decisions import outcome_choices

YES = "oui"


class DecisionFilter(TerritoryScopedFilterSet):
    search_fields = ("rationale", "conditions", "agenda_item__topic", "project__title", "project__reference")
    scope_field = "project__territory"
    default_perimeter = REGION
    shown_when_set = ("sur_projet",)

    annee = YearFilter(field_name="decided_on", label=_("Année"))
    comite = django_filters.ModelChoiceFilter(
        field_name="agenda_item__meeting__committee",
        queryset=Committee.objects.none(),
        label=_("Comité"),
        empty_label=_("Tous"),
    )
    issue = django_filters.ChoiceFilter(
        field_name="outcome", choices=outcome_choices, label=_("Décision"), empty_label=_("Toutes")
    )
    territoire = TerritoryFilter(field_name="project__territory", empty_label=_("Tous les territoires"))
    filiere = django_filters.ModelChoiceFilter(
        field_name="project__sector", to_field_name="slug", queryset=sectors(), label=_("Filière")
    )
    en_vigueur = django_filters.ChoiceFilter(
        choices=[(YES, _("en vigueur seulement (non modifiées)"))],
        method="filter_in_force",
        label=_("En vigueur"),
        empty_label=_("Toutes"),
    )
    sur_projet = django_filters.ChoiceFilter(
        choices=[(YES, _("sur un projet seulement"))], method="filter_on_project", label=_("Projet")
    )

    class Meta:
        model = Decision
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        committees = Committee.objects.visible_to(user) if user is not None else Committee.objects.none()
        self.filters["comite"].queryset = committees.only("pk", "name", "kind")

    def filter_in_force(self, queryset, name, value):
        return queryset.filter(decision_in_force())

    def filter_on_project(self, queryset, name, value):
        return queryset.filter(project__isnull=False)
