"""Views of the governance app: targets (stubs until their work lands: each answers 404)."""

from django.http import Http404


def target_list(request, **kwargs):
    raise Http404


def target_create(request, **kwargs):
    raise Http404


def target_edit(request, **kwargs):
    raise Http404
