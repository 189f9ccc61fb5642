"""Open data: the aggregated indicators, public, as JSON and CSV, their datapackage.json, and the page listing them.

The three files answer each client address a limited number of times a minute (core/ratelimit.py) and may be kept
by browsers and proxies for MAX_AGE_SECONDS; the server computes them afresh as soon as the data change.
"""

import json
import math

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control

from core.ratelimit import rate_limited

from .. import opendata
from ..forms.opendata import IndicatorQueryForm

MAX_AGE_SECONDS = 5 * 60
limited = rate_limited("opendata", limit="OPENDATA_RATE_LIMIT", window="OPENDATA_RATE_WINDOW")


def _public(response):
    patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
    return response


def _query(request):
    territories, sectors = opendata.known_keys()
    return IndicatorQueryForm(request.GET, territories=territories, sectors=sectors)


def opendata_index(request):
    context = {
        "fields": opendata.FIELDS,
        "licence": opendata.LICENCE,
        "everywhere": opendata.EVERYWHERE,
        "max_age_minutes": MAX_AGE_SECONDS // 60,
        "page_rows": opendata.JSON_PAGE_ROWS,
    }
    return render(request, "governance/opendata/index.html", context)


@limited
def indicators_json(request):
    form = _query(request)
    if not form.is_valid():
        errors = {"erreurs": form.error_messages()}
        return JsonResponse(errors, status=400, json_dumps_params={"ensure_ascii": False})
    filters = form.filters()
    page = form.cleaned_data["page"] or 1
    generated_at, total, records = opendata.json_records(**filters, page=page)
    pages = max(1, math.ceil(total / opendata.JSON_PAGE_ROWS))
    head = {
        "titre": str(opendata.TITLE),
        "licence": opendata.LICENCE,
        "genere_le": generated_at,
        "datapackage": request.build_absolute_uri(reverse("datapackage")),
        "fichier_complet": request.build_absolute_uri(reverse("indicators_csv")),
        "filtres": {"annee": filters["year"], "territoire": filters["territory"], "filiere": filters["sector"]},
        "nombre_de_lignes": total,
        "page": page,
        "pages": pages,
        "page_precedente": _page_url(request, page - 1) if 1 < page <= pages + 1 else None,
        "page_suivante": _page_url(request, page + 1) if page < pages else None,
    }
    # The records come cached as JSON already: spliced in rather than decoded and encoded again.
    body = b"".join([json.dumps(head, ensure_ascii=False)[:-1].encode(), b', "donnees": ', records, b"}"])
    return _public(HttpResponse(body, content_type="application/json; charset=utf-8"))


def _page_url(request, page):
    query = request.GET.copy()
    query["page"] = page
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@limited
def indicators_csv(request):
    form = _query(request)
    if not form.is_valid():
        lines = [f"{name}\u00a0: {message}" for name, messages in form.error_messages().items() for message in messages]
        return HttpResponse("\n".join(lines), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(opendata.csv_content(**form.filters()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{opendata.CSV_FILENAME}"'
    return _public(response)


@limited
def datapackage(request):
    descriptor = opendata.datapackage(
        csv_url=request.build_absolute_uri(reverse("indicators_csv")),
        homepage=request.build_absolute_uri(reverse("opendata_index")),
    )
    response = JsonResponse(descriptor, json_dumps_params={"ensure_ascii": False, "indent": 2})
    return _public(response)
