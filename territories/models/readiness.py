"""Readiness: the five prerequisites of a territory, scored 0–3 with evidence; every assessment is kept."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Prerequisite(models.IntegerChoices):
    """The five prerequisites, in the words of the method's founding document."""

    DRIVING_AUTHORITY = 1, _("Une collectivité locale motrice et volontaire")
    SECTOR_OPPORTUNITIES = 2, _("Des opportunités de développement en lien avec des filières")
    EXISTING_INITIATIVES = 3, _("Des initiatives, des acteurs et des coopérations préexistantes")
    SOCIAL_INNOVATION_SUPPORT = 4, _("Le soutien de l’innovation sociale")
    REFERENT_ACTOR = 5, _("Un acteur référent")


SCORE_LABELS = {
    0: _("0 — absent"),
    1: _("1 — fragile"),
    2: _("2 — acquis"),
    3: _("3 — solide"),
}
READY_SCORE = 2


class ReadinessAssessment(models.Model):
    territory = models.ForeignKey(
        "territories.EngagedTerritory",
        on_delete=models.CASCADE,
        related_name="readiness_assessments",
        verbose_name=_("territoire"),
    )
    prerequisite = models.PositiveSmallIntegerField(_("prérequis"), choices=Prerequisite.choices)
    score = models.PositiveSmallIntegerField(
        _("note"), choices=list(SCORE_LABELS.items()), validators=[MaxValueValidator(3)]
    )
    evidence = models.TextField(_("éléments de preuve"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="readiness_assessments",
        verbose_name=_("évalué par"),
    )
    assessed_at = models.DateTimeField(_("évalué le"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("évaluation d’un prérequis")
        verbose_name_plural = _("évaluations des prérequis")
        ordering = ["-assessed_at", "-pk"]
        indexes = [models.Index(fields=["territory", "prerequisite", "-assessed_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__lte=3), name="readiness_score_0_to_3"),
        ]

    def __str__(self):
        return f"{self.territory} · {self.get_prerequisite_display()} : {self.score}"
