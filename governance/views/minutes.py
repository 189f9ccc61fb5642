"""Views of the governance app: minutes (stubs until their work lands: each answers 404)."""

from django.http import Http404


def minutes_edit(request, **kwargs):
    raise Http404


def minutes_draft(request, **kwargs):
    raise Http404


def minutes_approve(request, **kwargs):
    raise Http404
