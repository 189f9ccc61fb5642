"""The social-innovation markers (marqueurs d’innovation sociale): criteria, and each project's scores."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .projects import Project


class SocialInnovationCriterion(models.Model):
    """A criterion of the grid, managed by coordinators (seeded with the seed document's five)."""

    name = models.CharField(_("critère"), max_length=200, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    active = models.BooleanField(_("en usage"), default=True)

    class Meta:
        verbose_name = _("critère d’innovation sociale")
        verbose_name_plural = _("critères d’innovation sociale")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class ProjectCriterionScore(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="criterion_scores", verbose_name=_("projet")
    )
    criterion = models.ForeignKey(
        SocialInnovationCriterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("critère")
    )
    score = models.PositiveSmallIntegerField(_("note (0 à 3)"), validators=[MaxValueValidator(3)])
    comment = models.TextField(_("commentaire"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("note d’innovation sociale")
        verbose_name_plural = _("notes d’innovation sociale")
        ordering = ["criterion__position", "criterion__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "criterion"], name="project_criterion_score_unique"),
            models.CheckConstraint(
                condition=models.Q(score__lte=3),
                name="project_criterion_score_0_3",
                violation_error_message=_("La note va de 0 à 3."),
            ),
        ]

    def __str__(self):
        return f"{self.criterion} : {self.score}"
