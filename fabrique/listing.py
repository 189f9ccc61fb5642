"""List pages: filter (django-filter), sort, paginate and export the filtered rows."""

from dataclasses import dataclass

from django.core.paginator import Paginator

from .exports import export_response

PER_PAGE = 25


@dataclass
class ListPage:
    filterset: object
    page: object
    query_without_page: str

    @property
    def rows(self):
        return self.page.object_list


def list_or_export(request, queryset, filterset_class, *, columns, basename, per_page=PER_PAGE):
    """(ListPage, None) for the page, or (None, response) when `?export=csv|xlsx` asks for the file.

    The export holds every filtered row, not only the current page.
    """
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    rows = filterset.qs
    response = export_response(request, rows, columns, basename)
    if response is not None:
        return None, response
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("export", None)
    return ListPage(filterset=filterset, page=page, query_without_page=params.urlencode()), None
