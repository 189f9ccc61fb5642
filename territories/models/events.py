"""Animation events: creativity sessions, territory meetings, calls for ideas, information sessions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scoping import ScopedQuerySet
from core.versioning import VersionedModel


class AnimationEvent(VersionedModel):
    class Kind(models.TextChoices):
        CREATIVITY_SESSION = "creativity_session", _("séance de créativité")
        TERRITORY_MEETING = "territory_meeting", _("rencontre territoriale")
        CALL_FOR_IDEAS = "call_for_ideas", _("appel à idées")
        INFORMATION_SESSION = "information_session", _("réunion d’information")

    territory = models.ForeignKey(
        "territories.EngagedTerritory",
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("territoire"),
    )
    kind = models.CharField(_("type d’action"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    date = models.DateField(_("date"))
    participants = models.PositiveIntegerField(_("nombre de participants"), default=0)
    partners_present = models.ManyToManyField(
        "territories.Actor", blank=True, related_name="events_attended", verbose_name=_("partenaires présents")
    )
    ideas_produced = models.PositiveIntegerField(_("nombre d’idées produites"), default=0)
    needs = models.ManyToManyField(
        "territories.Need", blank=True, related_name="events", verbose_name=_("besoins issus de l’action")
    )
    summary = models.TextField(_("compte rendu"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_events",
        verbose_name=_("enregistrée par"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    # The partners present and the needs it gave rise to are not in it: a change of them bumps the version.
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("action d’animation")
        verbose_name_plural = _("actions d’animation")
        ordering = ["-date", "title"]
        indexes = [
            # The list's order (with the primary key as its tie-break) and a territory's own events.
            models.Index(fields=["-date", "title", "id"], name="event_list_order"),
            models.Index(fields=["territory", "-date", "title"], name="event_territory_order"),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"
