"""The project's journal (dated entries by its referents) and its next steps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceLabelsMixin

from .projects import Project


class JournalEntry(ChoiceLabelsMixin, models.Model):
    """A dated entry of the project's journal. Internal entries are read by coordinators and referents only,
    shareable ones by the committees the project stands before too."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("réunion")
        LEADER_INTERVIEW = "leader_interview", _("entretien avec le porteur")
        STUDY_STEP = "study_step", _("étape de l’étude")
        VISIT = "visit", _("visite")
        PARTNER_CONTACT = "partner_contact", _("contact avec un partenaire")
        OTHER = "other", _("autre")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="journal_entries", verbose_name=_("projet")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("compte rendu"))
    is_internal = models.BooleanField(
        _("interne"),
        default=True,
        help_text=_("Une entrée interne n’est lue que par la coordination et les référents, jamais par les comités."),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journal_entries",
        verbose_name=_("par"),
    )
    created_at = models.DateTimeField(_("saisie le"), auto_now_add=True)

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("entrées du journal")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["project", "-date"], name="journal_project_date")]

    def __str__(self):
        return f"{self.date} — {self.get_kind_display()}"


class NextStep(models.Model):
    """What is to be done next on the project, by whom and by when; open until marked done."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="next_steps", verbose_name=_("projet"))
    text = models.CharField(_("prochaine étape"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="next_steps",
        verbose_name=_("responsable"),
    )
    due_date = models.DateField(_("échéance"))
    done_at = models.DateTimeField(_("faite le"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_next_steps",
        verbose_name=_("saisie par"),
    )
    created_at = models.DateTimeField(_("saisie le"), auto_now_add=True)

    class Meta:
        verbose_name = _("prochaine étape")
        verbose_name_plural = _("prochaines étapes")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["owner", "due_date"], name="next_step_owner_due"),
            # The dashboard's overdue next steps: the open ones by due date, read from the index.
            models.Index(
                fields=["due_date", "id"], condition=models.Q(done_at__isnull=True), name="next_step_open_due"
            ),
            # Those of a few territories' projects (a referent's dashboard): counted from the projects, a probe each.
            models.Index(
                fields=["project", "due_date"], condition=models.Q(done_at__isnull=True), name="next_step_open_project"
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def is_done(self):
        return self.done_at is not None
