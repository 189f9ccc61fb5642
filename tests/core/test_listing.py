"""A short list's page reads its rows and their number in one query, with Django's pages otherwise."""

import pytest
from django.core.paginator import Paginator

from core.listing import ShortListPaginator, counted_apart, counts
from territories.models import Need, Sector

from ..territories.factories import NeedFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sectors():
    for index in range(32 - Sector.objects.count()):
        SectorFactory(name=f"Filière {index:02d}", slug=f"filiere-{index:02d}")
    return Sector.objects.order_by("name")


@pytest.mark.parametrize("number", [None, "1", 2, "2", "x", 0, -3, 9])
def test_the_same_page_as_django_s(sectors, number):
    short = ShortListPaginator(sectors, 25).get_page(number)
    django = Paginator(sectors, 25).get_page(number)
    assert [row.pk for row in short] == [row.pk for row in django]
    assert (short.number, short.paginator.count, short.paginator.num_pages) == (
        django.number,
        django.paginator.count,
        django.paginator.num_pages,
    )
    assert (short.has_next(), short.has_previous(), short.start_index()) == (
        django.has_next(),
        django.has_previous(),
        django.start_index(),
    )


def test_one_query_for_a_page_and_its_count(sectors, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = ShortListPaginator(sectors, 25).get_page(2)
        assert page.paginator.count == 32 and len(page) == 7 and page.paginator.num_pages == 2


def test_an_empty_list_has_one_empty_page(django_assert_num_queries):
    with django_assert_num_queries(1):
        page = ShortListPaginator(Sector.objects.filter(pk=-1).order_by("name"), 25).get_page(1)
        assert page.paginator.count == 0 and list(page) == [] and page.number == 1


def test_counted_apart_reads_the_first_rows_of_each_list_and_counts_them_all_in_one_query(
    sectors, django_assert_num_queries
):
    needs = Need.objects.order_by("pk")
    NeedFactory.create_batch(3, sector=sectors.first())
    # A count over a join, another table, and nothing.
    of_the_first_sector = needs.filter(sector__name=sectors.first().name)
    blocks = {
        "sectors": (sectors, ("pk", "name")),
        "needs": (of_the_first_sector, ("pk", "title", "sector__name")),
        "none": (sectors.filter(name="Aucune"), ("pk",)),
    }

    with django_assert_num_queries(1 + len(blocks)):
        read = counted_apart(blocks, limit=2)

    assert read["sectors"].total == 32 and read["sectors"].more
    assert [row["name"] for row in read["sectors"].rows] == [sector.name for sector in sectors[:2]]
    assert read["needs"].total == 3 and [row["pk"] for row in read["needs"].rows] == [
        need.pk for need in of_the_first_sector[:2]
    ]
    assert (read["none"].total, read["none"].rows, read["none"].more) == (0, [], False)


def test_counts_of_one_queryset():
    assert counts({"sectors": Sector.objects.all()}) == {"sectors": Sector.objects.count()}
