"""The documents of a project, stored through Django's storage and read through a view that checks access."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceLabelsMixin

from .projects import Project


def document_path(instance, filename):
    """A name nobody can guess, keeping the extension: the file is only ever served by the download view."""
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"projets/documents/{uuid.uuid4().hex}{suffix}"


class ProjectDocument(ChoiceLabelsMixin, models.Model):
    class Kind(models.TextChoices):
        OPPORTUNITY_STUDY = "opportunity_study", _("étude d’opportunité")
        FEASIBILITY_STUDY = "feasibility_study", _("étude de faisabilité")
        SOCIAL_BUSINESS_PLAN = "social_business_plan", _("plan d’affaires social")
        MINUTES = "minutes", _("compte rendu")
        OTHER = "other", _("autre")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents", verbose_name=_("projet"))
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=200)
    file = models.FileField(_("fichier"), upload_to=document_path, max_length=200)
    # What the content was recognised as (not what its name says), and its size in bytes.
    content_type = models.CharField(_("format"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("taille (octets)"), editable=False)
    original_name = models.CharField(_("nom du fichier"), max_length=200, editable=False)
    is_internal = models.BooleanField(
        _("interne"),
        default=True,
        help_text=_("Un document interne n’est lu que par la coordination et les référents, jamais par les comités."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_documents",
        verbose_name=_("déposé par"),
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("document du projet")
        verbose_name_plural = _("documents du projet")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.title
