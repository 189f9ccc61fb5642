"""Sectors (filières) in which needs, opportunities and projects are classified."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scoping import ScopedQuerySet
from core.versioning import VersionedModel


class Sector(VersionedModel):
    name = models.CharField(_("nom"), max_length=150, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("filière")
        verbose_name_plural = _("filières")
        ordering = ["name"]

    def __str__(self):
        return self.name
