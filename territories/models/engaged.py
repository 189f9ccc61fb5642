"""Engaged territories (territoires d'expérimentation): perimeter, authorities, status and dates."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.roles import Role
from core.scoping import ScopedQuerySet
from core.versioning import VersionedModel


class EngagedTerritoryQuerySet(ScopedQuerySet):
    def editable_by(self, user):
        """Territories whose needs, opportunities and events the user may create and edit."""
        if not user.is_authenticated:
            return self.none()
        if user.role == Role.COORDINATOR:
            return self
        if user.role == Role.REFERENT and user.organisation_id:
            return self.filter(referent_actor_id=user.organisation_id)
        return self.none()

    def accepting_ideas(self):
        return self.filter(status=EngagedTerritory.Status.ACTIVE)


class EngagedTerritory(VersionedModel):
    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("candidat")
        ENGAGED = "engaged", _("engagé")
        ACTIVE = "active", _("actif")
        CLOSED = "closed", _("clos")

    name = models.CharField(_("nom"), max_length=200, unique=True)
    slug = models.SlugField(_("identifiant d’URL"), max_length=200, unique=True)
    epcis = models.ManyToManyField(
        "territories.EPCI", blank=True, related_name="engaged_territories", verbose_name=_("EPCI du périmètre")
    )
    communes = models.ManyToManyField(
        "territories.Commune",
        blank=True,
        related_name="engaged_territories",
        verbose_name=_("communes du périmètre"),
    )
    # Computed from the official data whenever the perimeter changes (territory_set_perimeter).
    population = models.PositiveIntegerField(_("population"), default=0)
    commune_count = models.PositiveIntegerField(_("nombre de communes"), default=0)
    driving_authority = models.ForeignKey(
        "territories.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="driven_territories",
        verbose_name=_("collectivité motrice"),
    )
    referent_actor = models.ForeignKey(
        "territories.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referent_territories",
        verbose_name=_("acteur référent"),
    )
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.CANDIDATE)
    application_date = models.DateField(_("date de candidature"), null=True, blank=True)
    selection_date = models.DateField(_("date de sélection"), null=True, blank=True)
    launch_date = models.DateField(_("date de lancement"), null=True, blank=True)
    agreement_signed_date = models.DateField(_("convention de partenariat signée le"), null=True, blank=True)
    closing_date = models.DateField(_("date de clôture"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    history = HistoricalRecords()

    objects = EngagedTerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territoire d’expérimentation")
        verbose_name_plural = _("territoires d’expérimentation")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="active") | Q(driving_authority__isnull=False, referent_actor__isnull=False),
                name="active_territory_has_authority_and_referent",
                violation_error_message=_(
                    "Un territoire ne peut devenir actif sans collectivité motrice ni acteur référent."
                ),
            )
        ]

    def __str__(self):
        return self.name
