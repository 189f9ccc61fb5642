"""What the dashboard shows: a year, a perimeter (the region, a referent's territories, or one territory) and a
sector, built from the filters' choices without a query of its own."""

from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from territories.models import EngagedTerritory, Sector

# The perimeters: the whole region, a referent's own territories together, one territory.
REGION = "region"
MINE = "mine"
TERRITORY = "territory"


# Named tuples rather than dataclasses: the 300 rows of a national base come out of the cache on every request,
# and a tuple is rebuilt from the pickle several times faster.
class TerritoryRow(NamedTuple):
    pk: int
    slug: str
    name: str
    referent_actor_id: int | None


class SectorRow(NamedTuple):
    pk: int
    slug: str
    name: str


@dataclass(frozen=True)
class DashboardScope:
    """The year, the perimeter and its territories (none for the region), and the sector (None: all)."""

    year: int
    perimeter: str
    territories: tuple = ()
    sector: SectorRow | None = None

    @property
    def territory_ids(self):
        return tuple(sorted(row.pk for row in self.territories))

    @cached_property
    def territory_argument(self):
        """What governance.indicators reads as `territory`: None (the region), one territory or a list."""
        instances = [EngagedTerritory(pk=row.pk, slug=row.slug, name=row.name) for row in self.territories]
        if self.perimeter == REGION:
            return None
        return instances[0] if len(instances) == 1 else instances

    @cached_property
    def single_territory(self):
        """The one territory shown (chosen, or a referent's only one), or None."""
        return self.territory_argument if isinstance(self.territory_argument, EngagedTerritory) else None

    @cached_property
    def sector_argument(self):
        return None if self.sector is None else Sector(pk=self.sector.pk, slug=self.sector.slug, name=self.sector.name)

    @property
    def cache_parts(self):
        """What makes the figures differ: the year, the territories and the sector."""
        ids = "-".join(str(pk) for pk in self.territory_ids) or REGION
        return [self.year, self.perimeter, ids, self.sector.pk if self.sector else "all"]

    @property
    def label(self):
        """The perimeter and sector in words, for the page's subtitle."""
        if self.perimeter == REGION:
            where = str(_("toute la région"))
        else:
            where = ", ".join(row.name for row in self.territories)
        if self.sector is None:
            return where
        return f"{where} · {self.sector.name}"
