"""Committees (steering, technical) and their members, with a position and dates."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.roles import Role
from core.scoping import ScopedQuerySet
from core.versioning import VersionedModel


def seated_committee_ids(user, today=None):
    """The committees the user sits on today (a subquery of ids): as a member in their own name, or through
    their organisation, named as a member without an account."""
    if not user.is_authenticated:
        return CommitteeMember.objects.none().values("committee_id")
    today = today or timezone.localdate()
    seat = Q(user=user)
    if user.organisation_id:
        seat |= Q(user__isnull=True, actor_id=user.organisation_id)
    current = seat & Q(start_on__lte=today) & (Q(end_on__isnull=True) | Q(end_on__gte=today))
    return CommitteeMember.objects.filter(current).values("committee_id")


class CommitteeQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Coordinators and referents read every committee; partners those they sit on."""
        scoped = super().visible_to(user)
        if user.is_authenticated and user.role in (Role.COORDINATOR, Role.REFERENT):
            return scoped
        return scoped.filter(pk__in=seated_committee_ids(user))


class Committee(VersionedModel):
    class Kind(models.TextChoices):
        STEERING = "steering", _("comité de pilotage")
        TECHNICAL = "technical", _("comité technique")
        OTHER = "other", _("autre comité")

    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    purpose = models.TextField(_("rôle"), blank=True)
    # Blank: the region's committee; otherwise one engaged territory's.
    territory = models.ForeignKey(
        "territories.EngagedTerritory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committees",
        verbose_name=_("territoire"),
        help_text=_("Laissez vide pour un comité régional."),
    )
    is_active = models.BooleanField(_("actif"), default=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    history = HistoricalRecords()

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("comité")
        verbose_name_plural = _("comités")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class CommitteeMember(VersionedModel):
    class Position(models.TextChoices):
        CHAIR = "chair", _("président·e")
        VICE_CHAIR = "vice_chair", _("vice-président·e")
        SECRETARY = "secretary", _("secrétaire")
        MEMBER = "member", _("membre")
        GUEST = "guest", _("invité·e")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members", verbose_name=_("comité"))
    # A user of the platform, or a named representative of an actor (who has no account).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_seats",
        verbose_name=_("utilisateur·rice"),
    )
    actor = models.ForeignKey(
        "territories.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_seats",
        verbose_name=_("organisation représentée"),
    )
    representative_name = models.CharField(_("nom du ou de la représentant·e"), max_length=150, blank=True)
    representative_email = models.EmailField(_("e-mail du ou de la représentant·e"), blank=True)
    position = models.CharField(_("fonction"), max_length=12, choices=Position.choices, default=Position.MEMBER)
    start_on = models.DateField(_("depuis le"), default=timezone.localdate)
    end_on = models.DateField(_("jusqu’au"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("membre du comité")
        verbose_name_plural = _("membres du comité")
        ordering = ["committee", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(representative_name=""),
                name="member_user_or_named_representative",
            ),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="member_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if self.user_id:
            return self.user.get_full_name() or self.user.email
        return self.representative_name

    @property
    def email(self):
        return self.user.email if self.user_id else self.representative_email

    def is_current_on(self, day):
        return self.start_on <= day and (self.end_on is None or self.end_on >= day)
