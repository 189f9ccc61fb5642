"""Open data: the aggregated indicators, public, as JSON and CSV, their datapackage.json, and the page listing them."""

from django.http import Http404


def opendata_index(request):
    raise Http404


def indicators_json(request):
    raise Http404


def indicators_csv(request):
    raise Http404


def datapackage(request):
    raise Http404
