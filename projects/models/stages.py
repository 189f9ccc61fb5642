"""The record of every change of a project's stage, and the reasons for pausing or abandoning one."""

import operator
from functools import reduce

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .projects import Project

# A stage change goes from and to a stage or a side state.
STEP_CHOICES = [*Project.Stage.choices, *Project.SideState.choices]

# The moves the indicators count (projects/milestones.py names them for the rest of the code): the moves that
# conclude an opportunity study are a go (leader search) or a no-go (abandoned).
STUDY_CONCLUSIONS = (Project.Stage.LEADER_SEARCH, Project.SideState.ABANDONED)
STUDY_LAUNCHED = "study_launched"
STUDY_CONCLUDED = "study_concluded"
TRANSMITTED = "transmitted"
# Each counted move, as a condition on a stage change. A return from the study to the idea concludes nothing.
MOVES = {
    STUDY_LAUNCHED: Q(to_stage=Project.Stage.OPPORTUNITY_STUDY),
    STUDY_CONCLUDED: Q(from_stage=Project.Stage.OPPORTUNITY_STUDY, to_stage__in=STUDY_CONCLUSIONS),
    TRANSMITTED: Q(to_stage=Project.Stage.TRANSMITTED),
}
# A stage change that counts as at least one of them.
COUNTED_MOVES = reduce(operator.or_, MOVES.values())


class StopReason(models.Model):
    """A reason for pausing or abandoning a project, from a list coordinators extend."""

    name = models.CharField(_("motif"), max_length=150, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    active = models.BooleanField(_("proposé"), default=True)

    class Meta:
        verbose_name = _("motif de pause ou d’abandon")
        verbose_name_plural = _("motifs de pause ou d’abandon")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class StageChange(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="stage_changes", verbose_name=_("projet")
    )
    # Blank for the project's creation.
    from_stage = models.CharField(_("de"), max_length=20, choices=STEP_CHOICES, blank=True)
    to_stage = models.CharField(_("vers"), max_length=20, choices=STEP_CHOICES)
    at = models.DateTimeField(_("le"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stage_changes",
        verbose_name=_("par"),
    )
    reason = models.TextField(_("motif"), blank=True)
    stop_reason = models.ForeignKey(
        StopReason,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stage_changes",
        verbose_name=_("motif de pause ou d’abandon"),
    )
    # A coordinator's move into a stage a steering-committee decision opens, with no decision recorded (history
    # from before the platform). A move a decision made is linked from it (governance's Decision.stage_change).
    is_without_decision = models.BooleanField(_("sans décision du comité"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("changement d’étape")
        verbose_name_plural = _("changements d’étape")
        ordering = ["project", "at", "pk"]
        indexes = [
            # The moves of a year that the indicators count (studies launched and concluded, projects transmitted),
            # read from the index alone: it holds those moves only, half of the stage changes.
            models.Index(
                fields=["at"],
                include=["project", "from_stage", "to_stage"],
                condition=COUNTED_MOVES,
                name="stagechange_counted_moves",
            ),
            # The changes since a date (the weekly digest).
            models.Index(fields=["at"], name="stagechange_at"),
            # A project's moves in order: the next move after one (how long a project stayed at a stage) is the
            # first entry of this index; without it, a planner short of statistics walks the index above.
            models.Index(fields=["project", "at", "id"], name="stagechange_project_order"),
        ]

    def __str__(self):
        return f"{self.project_id} : {self.from_stage or '—'} → {self.to_stage}"
