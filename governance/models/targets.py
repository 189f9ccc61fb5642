"""Yearly targets of the main indicators, for the region or one engaged territory."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scoping import ScopedQuerySet
from core.versioning import VersionedModel

# The indicators a target may be set for: keys of governance/indicators.py (checked by a test).
TARGET_INDICATORS = [
    ("ideas_detected", _("idées détectées")),
    ("creativity_sessions", _("séances de créativité")),
    ("studies_launched", _("études d’opportunité lancées")),
    ("projects_transmitted", _("projets transmis au porteur")),
    ("enterprises_created", _("entreprises créées")),
    ("jobs_created", _("emplois créés (ETP)")),
    ("funding_granted", _("financements accordés (€)")),
    ("partners_mobilised", _("partenaires mobilisés")),
]


class Target(VersionedModel):
    year = models.PositiveSmallIntegerField(_("année"))
    # Blank: the region's target.
    territory = models.ForeignKey(
        "territories.EngagedTerritory",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("territoire"),
    )
    indicator = models.CharField(_("indicateur"), max_length=30, choices=TARGET_INDICATORS)
    value = models.DecimalField(_("objectif"), max_digits=12, decimal_places=1)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("objectif")
        verbose_name_plural = _("objectifs")
        ordering = ["-year", "territory", "indicator"]
        constraints = [
            # Two partial constraints rather than nulls_distinct=False, which SQLite does not enforce.
            models.UniqueConstraint(
                fields=["year", "territory", "indicator"],
                condition=models.Q(territory__isnull=False),
                name="target_once_per_territory",
            ),
            models.UniqueConstraint(
                fields=["year", "indicator"], condition=models.Q(territory__isnull=True), name="target_once_for_region"
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="target_not_negative"),
        ]

    def __str__(self):
        return f"{self.year} {self.get_indicator_display()} : {self.value}"
