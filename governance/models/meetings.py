"""Meetings of a committee: their agenda, the documents attached to it, attendance and minutes."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import ChoiceLabelsMixin
from core.roles import Role
from core.scoping import ScopedQuerySet
from core.versioning import VersionedModel

from .committees import Committee, CommitteeMember, seated_committee_ids


class MeetingQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Coordinators and referents read every meeting; partners the meetings of the committees they sit on,
        once convened (a planned meeting's agenda is a draft)."""
        scoped = super().visible_to(user)
        if user.is_authenticated and user.role in (Role.COORDINATOR, Role.REFERENT):
            return scoped
        return scoped.filter(committee_id__in=seated_committee_ids(user)).exclude(status=Meeting.Status.PLANNED)


class Meeting(VersionedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("prévue")
        CONVENED = "convened", _("convoquée")
        HELD = "held", _("tenue")
        MINUTES_APPROVED = "minutes_approved", _("compte rendu approuvé")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("comité")
    )
    title = models.CharField(_("intitulé"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=250, blank=True)
    video_link = models.URLField(_("lien de visioconférence"), blank=True)
    # Changed by the meeting services alone (convene, hold, approve the minutes).
    status = models.CharField(_("état"), max_length=20, choices=Status.choices, default=Status.PLANNED, editable=False)
    # Markdown, rendered safely (governance/markdown.py); frozen once approved.
    minutes = models.TextField(_("compte rendu"), blank=True)
    convened_at = models.DateTimeField(_("convoquée le"), null=True, blank=True, editable=False)
    # Each convocation sent counts one: a new convocation (the meeting moved) makes new emails.
    convocation_count = models.PositiveSmallIntegerField(_("convocations envoyées"), default=0, editable=False)
    minutes_approved_at = models.DateTimeField(_("compte rendu approuvé le"), null=True, blank=True, editable=False)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("compte rendu approuvé par"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["committee", "-starts_at"], name="meeting_committee_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title or f"{self.committee} — {self.starts_at:%d/%m/%Y}"

    @property
    def is_frozen(self):
        """Approved minutes, and the decisions in them, no longer change."""
        return self.status == self.Status.MINUTES_APPROVED


class AgendaItem(VersionedModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("séance")
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=1)
    # A project put before the committee, or a free topic.
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("projet"),
    )
    topic = models.CharField(_("sujet"), max_length=250, blank=True)
    presenter = models.CharField(_("présenté par"), max_length=150, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("durée prévue (minutes)"), default=15)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("point de l’ordre du jour")
        verbose_name_plural = _("points de l’ordre du jour")
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(project__isnull=False) | ~models.Q(topic=""), name="agenda_item_project_or_topic"
            )
        ]

    def __str__(self):
        return self.topic or str(self.project)


def agenda_document_path(instance, filename):
    """A name nobody can guess, keeping the extension: the file is only ever served by the download view."""
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"gouvernance/documents/{uuid.uuid4().hex}{suffix}"


class AgendaDocument(models.Model):
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="documents", verbose_name=_("point de l’ordre du jour")
    )
    title = models.CharField(_("titre"), max_length=200)
    file = models.FileField(_("fichier"), upload_to=agenda_document_path, max_length=200)
    content_type = models.CharField(_("format"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("taille (octets)"), editable=False)
    original_name = models.CharField(_("nom du fichier"), max_length=200, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("déposé par"),
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("document de séance")
        verbose_name_plural = _("documents de séance")
        ordering = ["agenda_item", "uploaded_at", "pk"]

    def __str__(self):
        return self.title


class Attendance(ChoiceLabelsMixin, models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("présent·e")
        EXCUSED = "excused", _("excusé·e")
        ABSENT = "absent", _("absent·e")
        REPRESENTED = "represented", _("représenté·e")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("séance"))
    member = models.ForeignKey(
        CommitteeMember, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("membre")
    )
    status = models.CharField(_("présence"), max_length=12, choices=Status.choices)
    represented_by = models.CharField(_("représenté·e par"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        ordering = ["meeting", "member"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_member")]

    def __str__(self):
        return f"{self.member} : {self.get_status_display()}"
