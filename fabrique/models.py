"""Users (email login, one organisation, one role) and the invitations that create them."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.roles import Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True, role=Role.STAFF)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    organisation = models.ForeignKey(
        "territories.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    # The mail server refused this address (core.notifications' refusal hook, fabrique/notifications): shown to
    # coordinators until the address changes or a coordinator marks it corrected.
    email_refused_at = models.DateTimeField(_("adresse refusée le"), null=True, blank=True, editable=False)
    email_refused_reason = models.TextField(_("motif du refus de l’adresse"), blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur·rice")
        verbose_name_plural = _("utilisateur·rices")
        ordering = ["email"]

    def __str__(self):
        return self.name_from(self.first_name, self.last_name, self.email)

    @staticmethod
    def name_from(first_name, last_name, email):
        """How a user is named on pages: their full name (as `get_full_name` writes it), else their address; for
        rows read as values, without a model."""
        return f"{first_name} {last_name}".strip() or email

    @property
    def is_coordinator(self):
        return self.role == Role.COORDINATOR

    @property
    def is_referent(self):
        return self.role == Role.REFERENT

    @property
    def is_partner(self):
        return self.role == Role.PARTNER


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.role == Role.COORDINATOR:
            return self
        if user.role == Role.REFERENT and user.organisation_id:
            return self.filter(organisation_id=user.organisation_id)
        return self.none()


class Invitation(models.Model):
    """A one-time link, valid for a few days, that lets a person create their account."""

    email = models.EmailField(_("adresse e-mail"))
    organisation = models.ForeignKey(
        "territories.Actor", on_delete=models.CASCADE, related_name="invitations", verbose_name=_("organisation")
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    # Only a digest of the token is stored: a database leak gives no usable link.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
        verbose_name=_("invité·e par"),
    )
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("compte créé"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @staticmethod
    def new_token():
        return secrets.token_urlsafe(32)

    @property
    def status(self):
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    def get_status_display(self):
        return {
            "accepted": _("acceptée"),
            "revoked": _("révoquée"),
            "expired": _("expirée"),
            "pending": _("en attente"),
        }[self.status]


class PersonalDataAudit(models.Model):
    """One export or erasure of a person's data (fabrique/personal_data/): who, when, which record — never the
    personal data itself, nor the name or address that was searched."""

    class Action(models.TextChoices):
        EXPORT = "export", _("export")
        ERASE = "erase", _("anonymisation sur demande")
        RETENTION = "retention", _("anonymisation à la fin de la durée de conservation")

    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    at = models.DateTimeField(_("le"), default=timezone.now)
    # Empty for the schedule (the retention), which acts on nobody's request.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="personal_data_audits",
        verbose_name=_("par"),
    )
    source = models.CharField(_("source"), max_length=60)
    record_id = models.PositiveBigIntegerField(_("enregistrement n°"))
    summary = models.CharField(_("résumé"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("trace d’une demande sur des données personnelles")
        verbose_name_plural = _("traces des demandes sur des données personnelles")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["-at", "-id"], name="personal_data_audit_latest")]

    def __str__(self):
        return f"{self.get_action_display()} : {self.source} n° {self.record_id}"
