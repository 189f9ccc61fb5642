"""Filters of the funding totals per funder: year, territory, sector and the lines' status
(`?annee=2026&territoire=beauvaisis&statut=accordees`).

A referent's page opens on the whole region; `?perimetre=mes-territoires` narrows it to their territories' projects.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import YearFilter
from territories.filters.choices import TerritoryFilter, sectors
from territories.filters.scope import REGION, TerritoryScopedFilterSet

from ..models import FundingLine
from ..selectors.follow_up import GRANTED_STATUSES, PLANNED, totals_per_funder


class LineStatus:
    """`?statut=`: the lines the totals read, as the indicators count them."""

    REQUESTED = "demandees"
    GRANTED = "accordees"

    choices = [(REQUESTED, _("demandées (hors prévues)")), (GRANTED, _("accordées ou versées"))]


class FunderTotalsFilter(TerritoryScopedFilterSet):
    """Filters funding lines, and gives their totals per funder and year as its rows (`qs`); the lines
    themselves, filtered, are `lines` (for the grand totals)."""

    scope_field = "project__territory"
    default_perimeter = REGION

    annee = YearFilter(field_name="year", lookup_expr="exact", label=_("Année"))
    territoire = TerritoryFilter(field_name="project__territory")
    filiere = django_filters.ModelChoiceFilter(
        field_name="project__sector", to_field_name="slug", queryset=sectors(), label=_("Filière")
    )
    statut = django_filters.ChoiceFilter(
        choices=LineStatus.choices, method="filter_status", label=_("Lignes"), empty_label=_("Toutes")
    )

    class Meta:
        model = FundingLine
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Funders' totals have no text to search.
        self.filters.pop("q")

    def filter_status(self, queryset, name, value):
        if value == LineStatus.GRANTED:
            return queryset.filter(status__in=GRANTED_STATUSES)
        return queryset.exclude(status=PLANNED)

    @property
    def lines(self):
        return super().qs

    @property
    def qs(self):
        if not hasattr(self, "_totals"):
            self._totals = totals_per_funder(self.lines)
        return self._totals
