"""Views of the governance app: decisions (stubs until their work lands: each answers 404)."""

from django.http import Http404


def decision_list(request, **kwargs):
    raise Http404


def decision_create(request, **kwargs):
    raise Http404


def decision_detail(request, **kwargs):
    raise Http404


def decision_edit(request, **kwargs):
    raise Http404


def decision_amend(request, **kwargs):
    raise Http404
