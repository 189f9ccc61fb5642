"""Reads of sectors (filières): the list with what each sector holds, and one sector."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from ..models import Need, Opportunity, Sector


def _count_per_sector(rows):
    """The number of `rows` in the sector of each listed row (0 when none), as a subquery.

    One count per relation, each over its own table: joining both relations to the sectors and counting
    distinct rows would multiply each sector's needs by its opportunities before counting (20 sectors grew
    into millions of rows at national scale).
    """
    # COUNT(*) rather than COUNT(id): PostgreSQL then counts from the sector index alone when it can.
    counted = rows.filter(sector=OuterRef("pk")).order_by().values("sector").annotate(count=Count("*"))
    return Coalesce(Subquery(counted.values("count"), output_field=IntegerField()), 0)


def sector_list(*, user):
    return (
        Sector.objects.visible_to(user)
        # Counted as the user may read them: an idea still to review is not counted for partners.
        .annotate(
            need_count=_count_per_sector(Need.objects.visible_to(user)),
            opportunity_count=_count_per_sector(Opportunity.objects.visible_to(user)),
        )
        .order_by("name")
    )


def sector_get(*, user, pk):
    return get_object_or_404(Sector.objects.visible_to(user), pk=pk)
