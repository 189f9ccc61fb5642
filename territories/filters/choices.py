"""The choices that list filters offer: engaged territories and sectors.

The territory filter reads (slug, name, id) triples rather than model instances: at national scale its
drop-down holds 300 territories, and building and rendering 300 instances cost a list page more than its rows.
"""

import django_filters
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.form_renderer import PlainChoices, PlainSelect

from ..models import EngagedTerritory, Sector


def visible_territories(request):
    """The territories the user may read."""
    if request is None:
        return EngagedTerritory.objects.none()
    return EngagedTerritory.objects.visible_to(request.user).order_by("name")


def all_territories(request):
    """Every engaged territory: a directory (actors, cooperations) is filtered by any of them."""
    return EngagedTerritory.objects.order_by("name")


def sectors():
    return Sector.objects.only("id", "name", "slug").order_by("name")


class TerritoryFilter(django_filters.ChoiceFilter):
    """`?territoire=<slug>` among the territories of `scope(request)`, filtering on `field_name` by primary key.

    An unknown slug, or one outside the scope, is refused on the field like any invalid choice.
    """

    def __init__(self, *, scope=visible_territories, field_name="territory", **kwargs):
        kwargs.setdefault("label", _("Territoire"))
        kwargs.setdefault("widget", PlainSelect)
        super().__init__(field_name=field_name, **kwargs)
        self.scope = scope

    @property
    def field(self):
        if not hasattr(self, "_field"):
            self.extra["choices"] = self.rows
        return super().field

    @cached_property
    def rows(self):
        request = self.parent.request if self.parent is not None else None
        return _TerritoryRows(self.scope(request))

    def filter(self, qs, value):
        if not value:
            return qs
        # A value reaches here only once the field has checked it among the choices, which read the rows.
        return self.get_method(qs)(**{self.field_name: self.rows.ids[value]})


class _TerritoryRows(PlainChoices):
    """The drop-down's (slug, name) choices, read when first needed (a value to check, a list to draw): an export
    that does not filter by territory reads none."""

    def __init__(self, queryset):
        super().__init__(self._pairs)
        self.queryset = queryset
        self.rows = None

    def _pairs(self):
        # The referent actor too: a referent's lists open on their territories (filters/scope.py), read here
        # rather than in a query of their own.
        self.rows = list(self.queryset.values_list("slug", "name", "pk", "referent_actor_id"))
        return [(slug, name) for slug, name, _pk, _referent in self.rows]

    def __call__(self):
        """The (slug, name) pairs, as a list."""
        iter(self)
        return self.pairs

    @property
    def ids(self):
        self()
        return {slug: pk for slug, _name, pk, _referent in self.rows}

    def referred_by(self, organisation_id):
        """[(pk, name)] of the territories among the choices that this organisation refers."""
        self()
        return [(pk, name) for _slug, name, pk, referent in self.rows if referent == organisation_id]
