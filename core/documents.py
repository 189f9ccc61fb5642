"""Uploaded documents, one way for every app: the form base that takes the file, the service step that stores
it with its recognised format, and the response that serves it once access is checked."""

import ntpath
import posixpath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _

from .text import strip_control_characters
from .uploads import accept_attribute, check_upload, formats_sentence, human_size


def original_name(name: str, extension: str, *, max_length: int) -> str:
    """The name the file is downloaded under: its own, without folders or control characters, cut to fit."""
    base = posixpath.basename(ntpath.basename(name or "")).strip()
    base = " ".join(strip_control_characters(base).replace("\x00", "").replace('"', "").split())
    base = base or f"document.{extension}"
    if len(base) > max_length:
        stem, _dot, suffix = base.rpartition(".")
        suffix = suffix[:10]
        base = f"{stem[: max_length - len(suffix) - 1]}.{suffix}"
    return base


def document_store(document, *, file, missing_message):
    """Save an unsaved document row (a model with file, content_type, size and original_name) once its file's
    content is recognised as an accepted format within PROJECT_DOCUMENT_MAX_BYTES.

    Raises ValidationError in French on the file or another field; nothing is stored then (neither the row nor
    the file). The caller has checked the permission.
    """
    if file is None:
        raise ValidationError({"file": missing_message})
    try:
        found = check_upload(file, max_bytes=settings.PROJECT_DOCUMENT_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None
    document.file = file
    document.content_type = found.content_type
    document.size = file.size
    max_length = type(document)._meta.get_field("original_name").max_length
    document.original_name = original_name(file.name, found.extensions[0], max_length=max_length)
    document.full_clean()
    try:
        with transaction.atomic():
            # Saving writes the file to the storage first, then the row: a row that fails takes its file along.
            document.save()
    except Exception:
        if document.file and document.file._committed:
            document.file.storage.delete(document.file.name)
        raise
    return document


class DocumentFileForm(forms.Form):
    """The file of a document form (taken first by a ModelForm of a document model with a title): the accepted
    formats and size told beside the field, the file checked at once, the title defaulting to the file's name."""

    file = forms.FileField(
        label=_("Fichier"),
        widget=forms.FileInput(attrs={"accept": accept_attribute()}),
        error_messages={
            "required": _("Choisissez le fichier à déposer."),
            "empty": _("Ce fichier est vide : choisissez le bon fichier et déposez-le de nouveau."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("%(formats)s ; %(limit)s au plus.") % {
            "formats": formats_sentence(),
            "limit": human_size(settings.PROJECT_DOCUMENT_MAX_BYTES),
        }
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Le nom du fichier si vous le laissez vide.")

    def clean_file(self):
        # Checked here as well as by the service, so that its errors show with the other fields' at once.
        upload = self.cleaned_data.get("file")
        if upload is not None:
            check_upload(upload, max_bytes=settings.PROJECT_DOCUMENT_MAX_BYTES)
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if not cleaned.get("title") and upload is not None:
            stem = posixpath.basename(upload.name.replace("\\", "/")).rpartition(".")[0] or upload.name
            cleaned["title"] = stem[: self._meta.model._meta.get_field("title").max_length]
        return cleaned


def attachment_response(stored, *, filename: str, content_type: str) -> FileResponse:
    """A stored file as a download, after the caller's access check: the browser neither guesses another type
    nor runs anything the file carries, and nothing keeps a copy."""
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
