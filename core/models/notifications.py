"""Every email of the platform, one row each (core/notifications.py), and the kinds each user switched off."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceLabelsMixin


class Notification(ChoiceLabelsMixin, models.Model):
    """One email to one address, written in the caller's transaction and delivered by a background job."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("programmée")
        PENDING = "pending", _("en cours d’envoi")
        SENT = "sent", _("envoyée")
        REFUSED = "refused", _("adresse refusée")
        CANCELLED = "cancelled", _("annulée")
        FAILED = "failed", _("en échec")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("destinataire (compte)"),
    )
    to = models.EmailField(_("adresse"))
    # A kind declared with core.notifications.register_kind ("invitation", "convocation"…).
    kind = models.CharField(_("type"), max_length=60)
    subject = models.CharField(_("objet"), max_length=250)
    text = models.TextField(_("texte"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    # The page the email is about (absolute URL).
    link = models.CharField(_("lien"), max_length=500, blank=True)
    # [filename, text content, mimetype] triples (the convocation's .ics).
    attachments = models.JSONField(_("pièces jointes"), default=list, blank=True)
    # Names the thing and the occasion ("invitation:12", "convocation:4:2:17"): asking twice makes one email.
    dedup_key = models.CharField(_("clé de dédoublonnage"), max_length=200, unique=True)
    send_after = models.DateTimeField(_("à envoyer à partir du"), null=True, blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.PENDING)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The periodic task reads the scheduled ones that are due.
            models.Index(fields=["status", "send_after"], name="notification_due"),
            # « Mes notifications »: one user's, latest first.
            models.Index(fields=["user", "-created_at", "-id"], name="notification_user_latest"),
            models.Index(fields=["-created_at", "-id"], name="notification_latest"),
        ]

    def __str__(self):
        return f"{self.to} : {self.subject}"


class NotificationOptOut(models.Model):
    """A kind of notification a user switched off (mandatory kinds cannot be)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_opt_outs",
        verbose_name=_("utilisateur·rice"),
    )
    kind = models.CharField(_("type"), max_length=60)

    class Meta:
        verbose_name = _("notification désactivée")
        verbose_name_plural = _("notifications désactivées")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_opt_out_once")]

    def __str__(self):
        return f"{self.user} : {self.kind}"
