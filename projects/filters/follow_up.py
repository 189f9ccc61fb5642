"""Filters of the funding totals per funder: year and territory (`?annee=2026&territoire=beauvaisis`)."""

from django.utils.translation import gettext_lazy as _

from core.filters import StyledFilterSet, YearFilter
from territories.filters.choices import TerritoryFilter

from ..models import FundingLine
from ..selectors.follow_up import totals_per_funder


class FunderTotalsFilter(StyledFilterSet):
    """Filters funding lines, and gives their totals per funder and year as its rows (`qs`); the lines
    themselves, filtered, are `lines` (for the grand totals)."""

    annee = YearFilter(field_name="year", lookup_expr="exact", label=_("Année"))
    territoire = TerritoryFilter(field_name="project__territory")

    class Meta:
        model = FundingLine
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Funders' totals have no text to search.
        self.filters.pop("q")

    @property
    def lines(self):
        return super().qs

    @property
    def qs(self):
        if not hasattr(self, "_totals"):
            self._totals = totals_per_funder(self.lines)
        return self._totals
