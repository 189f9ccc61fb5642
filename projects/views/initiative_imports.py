"""The import of the initiatives catalogue from XLSX or CSV (the core import flow: upload, preview, confirm)."""

from core.views import import_confirm, import_upload

from ..imports.initiatives import INITIATIVE_IMPORT


def initiative_import(request):
    return import_upload(request, INITIATIVE_IMPORT)


def initiative_import_confirm(request, key):
    return import_confirm(request, INITIATIVE_IMPORT, key)
