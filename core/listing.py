"""List pages: filter (django-filter), sort, paginate and export the filtered rows."""

from dataclasses import dataclass

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db.models import CharField, Count, Value, Window
from django.utils.functional import cached_property

from .exports import EXPORT_FORMATS, export_response
from .filters import QueryFormMixin

PER_PAGE = 25
# A block of an overview page (a territory's needs, a committee's meetings…) shows this many rows and links
# to the list of them all.
BLOCK_ROWS = 10


class ListQueryForm(QueryFormMixin, forms.Form):
    """The query parameters of a list that are not filters: which page, and which export if any.

    A page that is not a whole number from 1 counts as none (the first page); a number past the end gives
    the last page, as Paginator.get_page does.
    """

    page = forms.IntegerField(required=False, min_value=1)
    export = forms.ChoiceField(required=False, choices=[(kind, kind) for kind in EXPORT_FORMATS])


@dataclass
class ListPage:
    filterset: object
    page: object
    query_without_page: str

    @property
    def rows(self):
        return self.page.object_list

    @cached_property
    def active_filters(self):
        """How many filters of the form the query string sets (sorting and hidden fields aside): the filter
        form stays unfolded on a phone when one is."""
        return active_filter_count(self.filterset)


def active_filter_count(filterset):
    if filterset is None or not filterset.is_bound:
        return 0
    form = filterset.form
    count = 0
    for name, filter_ in filterset.filters.items():
        if isinstance(filter_, django_filters.OrderingFilter) or form[name].is_hidden:
            continue
        key = form.add_prefix(name)
        # Multi-value widgets send `<name>_0`, `<name>_min`…
        keys = [k for k in filterset.data if k == key or k.startswith(key + "_")]
        if any(value.strip() for k in keys for value in _values(filterset.data, k)):
            count += 1
    return count


def _values(data, key):
    values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
    return [value for value in values if isinstance(value, str)]


class ShortListPaginator(Paginator):
    """A paginator that reads a page's rows and the number of all rows in one query (a window over the filtered
    rows), for a list short by nature (the sectors): a long list counts apart, since the window would make the
    database number every row. A page past the end, or below the first, takes Django's way (counted, then the last
    page)."""

    def get_page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        if number < 1:
            return super().get_page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list.annotate(list_total=Window(Count("pk")))[bottom : bottom + self.per_page])
        if not rows and number > 1:
            return super().get_page(number)
        self.__dict__["count"] = rows[0].list_total if rows else 0
        return self._get_page(rows, number, self)


def list_or_export(
    request, queryset, filterset_class, *, columns, basename, per_page=PER_PAGE, export_rows=None, short=False
):
    """(ListPage, None) for the page, or (None, response) when `?export=csv|xlsx` asks for the file.

    The export holds every filtered row, not only the current page. Invalid filter values are left out of
    the filtering and shown on their field by the filter form. `export_rows(rows)`, when given, widens the
    filtered rows to what the export's columns read (the page then reads only what it shows). `short`: a list
    short by nature (the sectors) reads its page and its count in one query (`ShortListPaginator`).
    """
    query = ListQueryForm(request.GET)
    query.is_valid()  # cleaned_data then holds the valid parameters only
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    rows = filterset.qs
    if query.cleaned_data.get("export"):
        response = export_response(request, export_rows(rows) if export_rows else rows, columns, basename)
        if response is not None:
            return None, response
    return paginate(request, rows, per_page=per_page, filterset=filterset, short=short), None


def paginate(request, rows, *, per_page=PER_PAGE, filterset=None, short=False):
    """The page of `rows` that `?page=` asks for, as a ListPage for includes/pagination.html."""
    query = ListQueryForm(request.GET)
    query.is_valid()
    paginator = (ShortListPaginator if short else Paginator)(rows, per_page)
    page = paginator.get_page(query.cleaned_data.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("export", None)
    return ListPage(filterset=filterset, page=page, query_without_page=params.urlencode())


@dataclass
class Block:
    """The first rows of a block of an overview page, and how many there are in all."""

    rows: list
    total: int

    @property
    def more(self):
        return self.total > len(self.rows)


def first_rows(queryset, limit=BLOCK_ROWS, *, fields=None):
    """A Block of `queryset`'s first `limit` rows, the count of all rows read in the same query (a window).

    `fields`: the rows as dicts of these fields (`values()`), rather than models: a block of a few rows, each with
    what it reads of three related tables, costs more to build as models than to read. Over thousands of matching
    rows, take `counted_apart` instead."""
    counted = queryset.annotate(block_total=Window(Count("pk")))
    if fields:
        rows = list(counted.values(*fields, "block_total")[:limit])
        return Block(rows=rows, total=rows[0]["block_total"] if rows else 0)
    rows = list(counted[:limit])
    return Block(rows=rows, total=rows[0].block_total if rows else 0)


def counted_apart(blocks, limit=BLOCK_ROWS):
    """{name: Block} of several big lists, given as {name: (queryset, fields)}: the first `limit` rows of each as
    dicts of its `fields`, and the number of all its rows, those of every list counted together in one query.

    Over thousands of matching rows (the stalled projects of a whole country), a window makes the database join and
    number every one of them, where a plain count reads one table and the first rows come from an index in the
    list's order. Each count is taken on the bare queryset: one of a `values()` queryset would join the tables its
    fields name."""
    totals = counts({name: queryset for name, (queryset, _fields) in blocks.items()})
    return {
        name: Block(rows=list(queryset.values(*fields)[:limit]), total=totals[name])
        for name, (queryset, fields) in blocks.items()
    }


def counts(querysets):
    """{name: number of rows} of the querysets {name: queryset}, in one query: a one-row count of each (its grouping
    on a constant is left out), joined by UNION ALL."""
    first, *others = [
        queryset.order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(total=Count("*"), name=Value(name, output_field=CharField()))
        .values_list("name", "total")
        for name, queryset in querysets.items()
    ]
    return dict(first.union(*others, all=True) if others else first)
