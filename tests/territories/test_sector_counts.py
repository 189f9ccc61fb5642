"""The sector list's counts: each relation counted on its own (linear), as each role may read it."""

import pytest
from django.urls import reverse

from core.roles import Role
from territories.models import Need, Sector
from territories.selectors.sectors import sector_list

from .factories import EngagedTerritoryFactory, NeedFactory, OpportunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mobility_with_rows(referent):
    """Mobilité with 3 reviewed needs, an idea to review in the referent's territory, another elsewhere,
    and 2 opportunities: joined together, needs × opportunities would give 10 rows to count distinctly."""
    mobility = Sector.objects.get(slug="mobilite")
    own = EngagedTerritoryFactory(referent_actor=referent.organisation)
    other = EngagedTerritoryFactory()
    for _ in range(3):
        NeedFactory(sector=mobility, territory=other)
    NeedFactory(sector=mobility, territory=own, status=Need.Status.TO_REVIEW)
    NeedFactory(sector=mobility, territory=other, status=Need.Status.TO_REVIEW)
    OpportunityFactory(sector=mobility, territory=other)
    OpportunityFactory(sector=mobility, territory=own)
    return mobility


@pytest.mark.parametrize(
    ("role", "needs"),
    [
        (Role.COORDINATOR, 5),  # every need
        (Role.REFERENT, 4),  # reviewed ones, and the idea of their own territory
        (Role.PARTNER, 3),  # reviewed ones only
    ],
)
def test_each_role_reads_the_counts_it_may_read(client, request, mobility_with_rows, role, needs):
    user = request.getfixturevalue(str(role))
    client.force_login(user)
    rows = {row.slug: row for row in client.get(reverse("sector_list")).context["listing"].rows}
    assert (rows["mobilite"].need_count, rows["mobilite"].opportunity_count) == (needs, 2)
    # A sector with nothing counts zero, not nothing.
    assert (rows["environnement"].need_count, rows["environnement"].opportunity_count) == (0, 0)


def test_counts_are_subqueries_not_a_grouping_over_joins(coordinator, mobility_with_rows):
    queryset = sector_list(user=coordinator)
    # Grouped over joins of both relations, the database would count needs × opportunities rows per sector.
    assert queryset.query.group_by is None
    assert [row.need_count for row in queryset if row.slug == "mobilite"] == [5]


def test_sorting_by_need_count_still_works(client, coordinator, mobility_with_rows):
    client.force_login(coordinator)
    response = client.get(reverse("sector_list"), {"tri": "-besoins"})
    assert response.status_code == 200
    assert response.context["listing"].rows[0].slug == "mobilite"


def test_a_new_need_shows_in_the_counts_at_once(client, coordinator, partner, mobility_with_rows, own_territory):
    """The counts are cached (core.aggregates): any write of a need, or an opportunity, forgets them."""
    client.force_login(partner)
    counted = {row.slug: row.need_count for row in client.get(reverse("sector_list")).context["listing"].rows}
    assert counted["mobilite"] == 3
    need = NeedFactory(sector=mobility_with_rows, territory=own_territory)
    counted = {row.slug: row.need_count for row in client.get(reverse("sector_list")).context["listing"].rows}
    assert counted["mobilite"] == 4
    need.status = Need.Status.TO_REVIEW
    need.save()
    OpportunityFactory(sector=mobility_with_rows, territory=own_territory)
    rows = {row.slug: row for row in client.get(reverse("sector_list")).context["listing"].rows}
    assert (rows["mobilite"].need_count, rows["mobilite"].opportunity_count) == (3, 3)
