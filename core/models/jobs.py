"""Background jobs that lose nothing: a row written in the request's transaction, sent to Celery on commit,
re-sent by the sweeper until it is done (core/jobs.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceLabelsMixin


class Job(ChoiceLabelsMixin, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        RUNNING = "running", _("en cours")
        DONE = "done", _("terminé")
        FAILED = "failed", _("en échec")

    # The registered handler that runs it (core.jobs.handler), e.g. "governance.pack_build".
    kind = models.CharField(_("type"), max_length=60)
    payload = models.JSONField(_("paramètres"), default=dict, blank=True)
    # Two requests for the same work make one job (a pack version, an email to one person).
    dedup_key = models.CharField(_("clé de dédoublonnage"), max_length=200, unique=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("demandé par"),
    )
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    # The last time it was handed to the broker; the sweeper re-sends a pending job sent too long ago.
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    # A running job's worker touches it while it works; a silent one is taken for dead and re-sent.
    heartbeat_at = models.DateTimeField(_("signe de vie le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("fini le"), null=True, blank=True)

    class Meta:
        verbose_name = _("tâche de fond")
        verbose_name_plural = _("tâches de fond")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "sent_at"], name="job_status_sent")]

    def __str__(self):
        return f"{self.kind} #{self.pk}"


class SentEmail(models.Model):
    """One row per email the platform sent: its key makes a second send of the same email a no-op."""

    dedup_key = models.CharField(_("clé de dédoublonnage"), max_length=200, unique=True)
    to = models.EmailField(_("destinataire"))
    subject = models.CharField(_("objet"), max_length=250)
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail envoyé")
        verbose_name_plural = _("e-mails envoyés")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"{self.to} : {self.subject}"
