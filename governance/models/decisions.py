"""Decisions recorded on an agenda item, the stage change they opened, and amendments to approved ones."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.roles import Role
from core.scoping import ScopedQuerySet
from core.versioning import VersionedModel

from .committees import seated_committee_ids
from .meetings import AgendaItem, Meeting


class DecisionQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Coordinators and referents read every decision; partners those of their committees' meetings that
        they may read (convened or later)."""
        scoped = super().visible_to(user)
        if user.is_authenticated and user.role in (Role.COORDINATOR, Role.REFERENT):
            return scoped
        return scoped.filter(agenda_item__meeting__committee_id__in=seated_committee_ids(user)).exclude(
            agenda_item__meeting__status=Meeting.Status.PLANNED
        )


class Decision(VersionedModel):
    class Outcome(models.TextChoices):
        LAUNCH_STUDY = "launch_study", _("lancer l’étude d’opportunité")
        GO = "go", _("go : rechercher un porteur")
        NO_GO = "no_go", _("no-go : ne pas poursuivre")
        APPROVE_TRANSFER = "approve_transfer", _("approuver la transmission au porteur")
        POSTPONE = "postpone", _("reporter")
        REDIRECT = "redirect", _("réorienter")
        STOP = "stop", _("arrêter le projet")
        GRANT_FUNDING = "grant_funding", _("accorder un financement")
        OTHER = "other", _("autre")

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("point de l’ordre du jour")
    )
    # The agenda item's project, kept on the row so that a project's decisions are read without a join.
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        editable=False,
        verbose_name=_("projet"),
    )
    outcome = models.CharField(_("décision"), max_length=20, choices=Outcome.choices)
    conditions = models.TextField(_("conditions"), blank=True)
    amount = models.DecimalField(_("montant (€)"), max_digits=12, decimal_places=2, null=True, blank=True)
    rationale = models.TextField(_("motifs"), blank=True)
    follow_up_on = models.DateField(_("date de suivi"), null=True, blank=True)
    # The day of the meeting, kept on the row: what places the decision in a year.
    decided_on = models.DateField(_("décidée le"), editable=False)
    # An amendment to a decision whose minutes are approved (the approved one is never edited).
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("modifie la décision"),
    )
    # The stage change the decision made (services.decision_record, through project_move_to_stage).
    stage_change = models.OneToOneField(
        "projects.StageChange",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision",
        editable=False,
        verbose_name=_("changement d’étape"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saisie par"),
    )
    created_at = models.DateTimeField(_("saisie le"), auto_now_add=True)
    history = HistoricalRecords()

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["-decided_on", "-pk"]
        indexes = [
            models.Index(fields=["decided_on"], name="decision_date"),
            models.Index(fields=["project", "-decided_on"], name="decision_project_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0), name="decision_amount_not_negative"
            )
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} ({self.decided_on:%d/%m/%Y})"


class ActionItem(VersionedModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("séance")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("point de l’ordre du jour"),
    )
    description = models.CharField(_("action"), max_length=300)
    # A user of the platform, or someone named.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("responsable"),
    )
    owner_name = models.CharField(_("responsable (nom)"), max_length=150, blank=True)
    due_on = models.DateField(_("échéance"), null=True, blank=True)
    done_on = models.DateField(_("faite le"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action à mener")
        verbose_name_plural = _("actions à mener")
        ordering = ["done_on", "due_on", "pk"]
        indexes = [
            models.Index(fields=["meeting", "done_on"], name="action_meeting_done"),
            # The dashboard's overdue actions, the oldest first: read and counted from the open ones alone.
            models.Index(fields=["due_on", "id"], name="action_open_due", condition=Q(done_on__isnull=True)),
        ]

    def __str__(self):
        return self.description

    @property
    def is_done(self):
        return self.done_on is not None
