"""Writes of a project's documents: a file recognised from its content, stored through Django's storage."""

import ntpath
import posixpath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.text import strip_control_characters
from core.uploads import check_upload

from ..models import Project, ProjectDocument

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

ORIGINAL_NAME_MAX = ProjectDocument._meta.get_field("original_name").max_length


def original_name(name: str, extension: str) -> str:
    """The name the file is downloaded under: its own, without folders or control characters, cut to fit."""
    base = posixpath.basename(ntpath.basename(name or "")).strip()
    base = " ".join(strip_control_characters(base).replace("\x00", "").replace('"', "").split())
    base = base or f"document.{extension}"
    if len(base) > ORIGINAL_NAME_MAX:
        stem, _dot, suffix = base.rpartition(".")
        suffix = suffix[:10]
        base = f"{stem[: ORIGINAL_NAME_MAX - len(suffix) - 1]}.{suffix}"
    return base


def document_create(
    *, by: "AbstractUser", project: Project, kind: str, title: str, file, is_internal: bool = True
) -> ProjectDocument:
    """Store a document of the project (opportunity study, business plan, minutes…) once its content is
    recognised as one of the accepted formats within PROJECT_DOCUMENT_MAX_BYTES.

    Raises PermissionDenied, or ValidationError in French on the file or another field; nothing is stored then
    (neither the row nor the file).
    """
    if not by.has_perm("projects.change_project", project):
        raise PermissionDenied
    if file is None:
        raise ValidationError({"file": ProjectDocument._meta.get_field("file").error_messages["blank"]})
    try:
        found = check_upload(file, max_bytes=settings.PROJECT_DOCUMENT_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None
    document = ProjectDocument(
        project=project,
        kind=kind,
        title=title,
        file=file,
        content_type=found.content_type,
        size=file.size,
        original_name=original_name(file.name, found.extensions[0]),
        is_internal=is_internal,
        uploaded_by=by,
    )
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
