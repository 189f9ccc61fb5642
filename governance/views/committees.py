"""Views of the governance app: committees (stubs until their work lands: each answers 404)."""

from django.http import Http404


def committee_list(request, **kwargs):
    raise Http404


def committee_create(request, **kwargs):
    raise Http404


def committee_detail(request, **kwargs):
    raise Http404


def committee_edit(request, **kwargs):
    raise Http404


def member_create(request, **kwargs):
    raise Http404


def member_edit(request, **kwargs):
    raise Http404
