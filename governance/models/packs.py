"""The annual committee pack: a frozen snapshot of the year's indicators, as a PDF and an XLSX workbook."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceLabelsMixin
from core.roles import Role
from core.scoping import ScopedQuerySet

from .committees import Committee, seated_committee_ids


def pack_path(instance, filename):
    """A name nobody can guess: the files are only ever served by the download view."""
    return f"gouvernance/dossiers/{uuid.uuid4().hex}-{filename}"


class CommitteePackQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Coordinators read every pack; referents and partners the published packs (partners: of their
        committees)."""
        scoped = super().visible_to(user)
        if not user.is_authenticated:
            return scoped
        if user.role == Role.COORDINATOR:
            return scoped
        published = scoped.filter(published_at__isnull=False)
        if user.role == Role.REFERENT:
            return published
        return published.filter(committee_id__in=seated_committee_ids(user))


class CommitteePack(ChoiceLabelsMixin, models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("demandé")
        BUILDING = "building", _("en préparation")
        READY = "ready", _("prêt")
        FAILED = "failed", _("en échec")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="packs", verbose_name=_("comité"))
    year = models.PositiveSmallIntegerField(_("année"))
    # Asking again makes a new version; the old ones are kept.
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    foreword = models.TextField(_("avant-propos"), blank=True)
    next_year_plan = models.TextField(_("programme de l’année suivante"), blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    # 0 to 100, written by the build as it goes; the page polls it.
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    # The indicators and tables as they were when the pack was built (governance/indicators.py).
    snapshot = models.JSONField(_("instantané"), default=dict, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=pack_path, max_length=200, blank=True)
    xlsx = models.FileField(_("classeur XLSX"), upload_to=pack_path, max_length=200, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("demandé par"),
    )
    requested_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    built_at = models.DateTimeField(_("préparé le"), null=True, blank=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publié par"),
    )

    objects = CommitteePackQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier annuel du comité")
        verbose_name_plural = _("dossiers annuels des comités")
        ordering = ["committee", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year", "number"], name="pack_version_once"),
        ]

    def __str__(self):
        return f"{self.committee} {self.year} v{self.number}"
