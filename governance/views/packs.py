"""Views of the governance app: packs (stubs until their work lands: each answers 404)."""

from django.http import Http404


def pack_list(request, **kwargs):
    raise Http404


def pack_request(request, **kwargs):
    raise Http404


def pack_detail(request, **kwargs):
    raise Http404


def pack_progress(request, **kwargs):
    raise Http404


def pack_publish(request, **kwargs):
    raise Http404


def pack_download(request, **kwargs):
    raise Http404
