"""The perimeter of a referent's lists: the territories their organisation refers by default, the region on demand.

A referent works on their own territories: their lists of needs, opportunities, events and cooperations open on
those (`?perimetre` absent or `mes-territoires`), and `?perimetre=region` shows everything they may read, as
coordinators and partners always see. A territory chosen in the filters wins over the perimeter. The export
holds what the page shows, since both read the filter set's rows.
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.filters import StyledFilterSet
from core.roles import Role

MINE = "mes-territoires"
REGION = "region"
# What the list shows: the referent's territories, the whole region, or the territory chosen in the filters.
TERRITORY = "territoire"

# Parameters a switch of perimeter drops: the page (the rows change) and the territory (it would win).
SWITCH_DROPS = ("page", "export", "perimetre", "territoire")


def scoped_organisation(user):
    """The organisation of a referent, whose territories their lists open on; None for anyone else."""
    if user is None or not user.is_authenticated or user.role != Role.REFERENT:
        return None
    return user.organisation_id


@dataclass(frozen=True)
class ListScope:
    """Which rows a referent's list shows, and the query strings of the two positions of its switch."""

    state: str  # MINE, REGION or TERRITORY
    territory_ids: tuple
    territory_names: tuple
    chosen_territory: str  # the name of the territory chosen in the filters, when state is TERRITORY
    mine_query: str
    region_query: str

    @property
    def mine(self):
        return self.state == MINE

    @property
    def region(self):
        return self.state == REGION


class TerritoryScopedFilterSet(StyledFilterSet):
    """A filter set of records that each belong to one engaged territory (`scope_field`), whose `territoire`
    filter is a TerritoryFilter; a referent's rows are narrowed to their territories unless asked otherwise.

    For a referent, the filter set is always bound (the perimeter defaults to theirs), so that every reader of
    its rows (the page, the export, the event totals) applies the same perimeter.
    """

    scope_field = "territory"
    # Where a referent's list opens: their territories, or the whole region for a list whose rows matter across
    # the region first (decisions, funding per funder); the other position is then asked for in the query string.
    default_perimeter = MINE

    perimetre = django_filters.ChoiceFilter(
        label=_("Périmètre"),
        choices=[(MINE, _("Mes territoires")), (REGION, _("Toute la région"))],
        method="filter_perimeter",
        widget=forms.HiddenInput,
    )

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        self.organisation_id = scoped_organisation(getattr(request, "user", None))
        if self.organisation_id is not None and (data is None or not data.get("perimetre")):
            data = data.copy() if data is not None else QueryDict(mutable=True)
            data["perimetre"] = self.default_perimeter
        super().__init__(data, queryset, request=request, prefix=prefix)
        if self.organisation_id is None:
            # Coordinators and partners read the whole region: no perimeter to choose.
            del self.filters["perimetre"]

    @cached_property
    def own_territories(self):
        """[(pk, name)] of the territories the referent's organisation refers (those `editable_by` them), read
        from the rows of the territory drop-down, which holds every territory a referent reads: no query of
        their own."""
        if self.organisation_id is None:
            return []
        return self.filters["territoire"].rows.referred_by(self.organisation_id)

    def filter_perimeter(self, queryset, name, value):
        # Applied in filter_queryset, once the territory filter is known: a chosen territory wins.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.scope is not None and self.scope.mine:
            queryset = queryset.filter(**{f"{self.scope_field}_id__in": self.scope.territory_ids})
        return queryset

    @cached_property
    def scope(self):
        """The ListScope of a referent's list; None for coordinators and partners."""
        if not self.own_territories:
            return None
        self.form.is_valid()  # cleaned_data then holds the valid values only
        cleaned = self.form.cleaned_data
        chosen = cleaned.get("territoire")
        if chosen:
            state = TERRITORY
        elif cleaned.get("perimetre") == REGION:
            state = REGION
        else:
            state = MINE
        ids, names = zip(*self.own_territories, strict=True)
        return ListScope(
            state=state,
            territory_ids=ids,
            territory_names=names,
            chosen_territory=self._territory_name(chosen) if chosen else "",
            mine_query=self._switch_query(MINE),
            region_query=self._switch_query(REGION),
        )

    def _territory_name(self, slug):
        return dict(self.filters["territoire"].rows()).get(slug, slug)

    def _switch_query(self, perimeter):
        params = self.request.GET.copy() if self.request is not None else QueryDict(mutable=True)
        for name in SWITCH_DROPS:
            params.pop(name, None)
        if perimeter != self.default_perimeter:
            params["perimetre"] = perimeter
        return params.urlencode()
