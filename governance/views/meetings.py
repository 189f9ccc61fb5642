"""Views of the governance app: meetings (stubs until their work lands: each answers 404)."""

from django.http import Http404


def meeting_create(request, **kwargs):
    raise Http404


def meeting_detail(request, **kwargs):
    raise Http404


def meeting_edit(request, **kwargs):
    raise Http404


def meeting_convene(request, **kwargs):
    raise Http404


def meeting_hold(request, **kwargs):
    raise Http404


def meeting_attendance(request, **kwargs):
    raise Http404


def agenda_item_create(request, **kwargs):
    raise Http404


def agenda_item_edit(request, **kwargs):
    raise Http404


def agenda_item_delete(request, **kwargs):
    raise Http404


def agenda_item_move(request, **kwargs):
    raise Http404


def agenda_document_create(request, **kwargs):
    raise Http404


def agenda_document_download(request, **kwargs):
    raise Http404


def action_item_create(request, **kwargs):
    raise Http404


def action_item_edit(request, **kwargs):
    raise Http404


def action_item_done(request, **kwargs):
    raise Http404
