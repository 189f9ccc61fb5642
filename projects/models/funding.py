"""The funding lines of a project: who is asked for what, in which year and scheme, and what was granted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.versioning import VersionedModel

from .projects import Project


class FundingLine(VersionedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("prévu")
        REQUESTED = "requested", _("demandé")
        GRANTED = "granted", _("accordé")
        REFUSED = "refused", _("refusé")
        PAID = "paid", _("versé")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="funding_lines", verbose_name=_("projet")
    )
    # A funder is an actor of the directory (the Region, a Département, a foundation…).
    funder = models.ForeignKey(
        "territories.Actor", on_delete=models.PROTECT, related_name="funding_lines", verbose_name=_("financeur")
    )
    year = models.PositiveSmallIntegerField(_("année"))
    scheme = models.CharField(_("dispositif"), max_length=200, blank=True)
    amount_requested = models.DecimalField(_("montant demandé (€)"), max_digits=12, decimal_places=2, default=0)
    amount_granted = models.DecimalField(
        _("montant accordé (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_funding_lines",
        verbose_name=_("saisie par"),
    )
    created_at = models.DateTimeField(_("saisie le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ligne de financement")
        verbose_name_plural = _("lignes de financement")
        ordering = ["-year", "pk"]
        indexes = [
            models.Index(fields=["project", "-year"], name="funding_project_year"),
            models.Index(fields=["funder", "year"], name="funding_funder_year"),
            # The year's sums per funder (dashboard, pack, open data) read from the index alone, in funder order.
            models.Index(
                fields=["year", "funder"],
                include=["status", "amount_requested", "amount_granted", "project"],
                name="funding_year_funder_sums",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_requested__gte=0),
                name="funding_requested_not_negative",
                violation_error_message=_("Le montant demandé ne peut pas être négatif."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount_granted__isnull=True) | models.Q(amount_granted__gte=0),
                name="funding_granted_not_negative",
                violation_error_message=_("Le montant accordé ne peut pas être négatif."),
            ),
        ]

    def __str__(self):
        return f"{self.funder} {self.year} : {self.amount_requested} €"
