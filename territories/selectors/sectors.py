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


def _own_ideas(organisation_id) -> dict[int, int]:
    referred = EngagedTerritory.objects.filter(referent_actor_id=organisation_id).values("pk")
    return _per_sector(Need.objects.filter(status__in=IDEA_STATUSES, territory__in=referred))


def _counts(user) -> tuple[dict[int, int], dict[int, int]]:
    """({sector pk: needs}, {sector pk: opportunities}) as the user may read them (an idea still to review only by
    coordinators and its territory's referents), from the cache in one pair of round trips: the counts every reader
    of a kind shares, and a referent's own ideas kept per organisation."""
    if user.role == Role.COORDINATOR:
        needs = aggregates.Aggregate("sector-needs", ["all"], lambda: _per_sector(Need.objects.all()), [Need])
    else:
        needs = aggregates.Aggregate(
            "sector-needs", ["reviewed"], lambda: _per_sector(Need.objects.exclude(status__in=IDEA_STATUSES)), [Need]
        )
    wanted = [
        needs,
        aggregates.Aggregate(
            "sector-opportunities", ["all"], lambda: _per_sector(Opportunity.objects.all()), [Opportunity]
        ),
    ]
    organisation = user.organisation_id if user.role == Role.REFERENT else None
    if organisation:
        wanted.append(
            aggregates.Aggregate(
                "sector-own-ideas", [organisation], lambda: _own_ideas(organisation), [Need, EngagedTerritory]
            )
        )
    need_counts, opportunity_counts, *own_ideas = aggregates.cached_many(wanted)
    if own_ideas:
        need_counts = dict(Counter(need_counts) + Counter(own_ideas[0]))
    return need_counts, opportunity_counts


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
    needs, opportunities = _counts(user)
    return sectors.annotate(need_count=_as_column(needs), opportunity_count=_as_column(opportunities)).order_by("name")


def sector_get(*, user, pk):
    return get_object_or_404(Sector.objects.visible_to(user), pk=pk)
