"""List filter of the yearly targets: a year, the region or a territory, an indicator."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import StyledFilterSet, YearFilter
from territories.filters.choices import TerritoryFilter, all_territories

from ..models import TARGET_INDICATORS, Target

# `?territoire=region`: the region's own targets (no territory).
REGION = "region"


class TargetTerritoryFilter(TerritoryFilter):
    """A territory, or the region's own targets."""

    @property
    def field(self):
        if not hasattr(self, "_field"):
            rows = self.rows
            self.extra["choices"] = lambda: [(REGION, _("La région (objectifs régionaux)")), *rows()]
        # TerritoryFilter's own property would put back the territories alone.
        return super(TerritoryFilter, self).field

    def filter(self, qs, value):
        if value == REGION:
            return qs.filter(territory__isnull=True)
        return super().filter(qs, value)


class TargetFilter(StyledFilterSet):
    q = None  # no text to search in a target
    annee = YearFilter(field_name="year", lookup_expr="exact", label=_("Année"))
    territoire = TargetTerritoryFilter(scope=all_territories, label=_("Périmètre"), empty_label=_("Tous"))
    indicateur = django_filters.ChoiceFilter(
        field_name="indicator", label=_("Indicateur"), choices=TARGET_INDICATORS, empty_label=_("Tous")
    )

    class Meta:
        model = Target
        fields = []
