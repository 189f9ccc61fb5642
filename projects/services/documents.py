"""Writes of a project's documents: a file recognised from its content, stored through Django's storage."""

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from core.documents import document_store

from ..models import Project, ProjectDocument

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


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
    document = ProjectDocument(project=project, kind=kind, title=title, is_internal=is_internal, uploaded_by=by)
    return document_store(
        document, file=file, missing_message=ProjectDocument._meta.get_field("file").error_messages["blank"]
    )
