"""Reads of sectors (filières): the list with what each sector holds, and one sector."""

from collections import Counter

from django.db import connection
from django.db.models import Count, IntegerField, Value
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404

from core import aggregates
from core.roles import Role, is_reader_user

from ..models import EngagedTerritory, Need, Opportunity, Sector
from ..models.needs import IDEA_STATUSES


def _per_sector(rows) -> dict[int, int]:
    """{sector pk: number of `rows`} in one grouped count over the rows' own table."""
    # COUNT(*) rather than COUNT(id): PostgreSQL then counts from the sector index alone when it can.
    grouped = rows.filter(sector__isnull=False).order_by().values_list("sector").annotate(count=Count("*"))
    return dict(grouped)


def _need_counts(user) -> dict[int, int]:
    """The needs of each sector as the user may read them (an idea still to review only by coordinators and
    its territory's referents): the counts every reader shares come from the cache, a referent's own ideas
    are counted live (a few rows, read from the status index)."""
    if user.role == Role.COORDINATOR:
        return aggregates.cached("sector-needs", ["all"], lambda: _per_sector(Need.objects.all()), depends_on=[Need])
    reviewed = aggregates.cached(
        "sector-needs",
        ["reviewed"],
        lambda: _per_sector(Need.objects.exclude(status__in=IDEA_STATUSES)),
        depends_on=[Need],
    )
    if user.role != Role.REFERENT or not user.organisation_id:
        return reviewed
    referred = EngagedTerritory.objects.filter(referent_actor_id=user.organisation_id).values("pk")
    own_ideas = _per_sector(Need.objects.filter(status__in=IDEA_STATUSES, territory__in=referred))
    return dict(Counter(reviewed) + Counter(own_ideas))


def _as_column(counts: dict[int, int]):
    """The counts as a column of the sectors' query: sorted, filtered and exported like any other.

    One SQL CASE written at once: as Django expressions (a When per sector), building it cost more than the
    query it saved.
    """
    if not counts:
        return Value(0, output_field=IntegerField())
    table = connection.ops.quote_name(Sector._meta.db_table)
    cases = " ".join("WHEN %s THEN %s" for _ in counts)
    params = [value for pair in counts.items() for value in pair]
    return RawSQL(f"CASE {table}.{connection.ops.quote_name('id')} {cases} ELSE 0 END", params, IntegerField())


def sector_list(*, user):
    """The sectors with their counts of needs and opportunities as the user may read them.

    Counting 20,000 needs per sector on every view cost more than the rest of the page: the counts come
    from core.aggregates, forgotten as soon as a need, an opportunity or a sector changes.
    """
    sectors = Sector.objects.visible_to(user)
    if not is_reader_user(user):
        return sectors.annotate(need_count=Value(0), opportunity_count=Value(0)).order_by("name")
    opportunities = aggregates.cached(
        "sector-opportunities", ["all"], lambda: _per_sector(Opportunity.objects.all()), depends_on=[Opportunity]
    )
    return sectors.annotate(
        need_count=_as_column(_need_counts(user)), opportunity_count=_as_column(opportunities)
    ).order_by("name")


def sector_get(*, user, pk):
    return get_object_or_404(Sector.objects.visible_to(user), pk=pk)
