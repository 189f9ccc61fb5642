"""Views of the governance app: calendar (stubs until their work lands: each answers 404)."""

from django.http import Http404


def meeting_ics(request, **kwargs):
    raise Http404


def calendar_subscribe(request, **kwargs):
    raise Http404


def calendar_feed(request, **kwargs):
    raise Http404
