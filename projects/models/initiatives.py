"""The library of inspiring initiatives (initiatives inspirantes): what answered a need elsewhere, to replicate.

Coordinators edit the catalogue; everyone signed in reads the published initiatives. On PostgreSQL the
search vector is kept up to date by a trigger of the database (migration 0006), never by Python after a
save; on SQLite it stays empty and the search falls back to plain containment (selectors/initiatives.py).
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.roles import Role
from core.scoping import ScopedQuerySet
from core.versioning import VersionedModel

# The text search configuration made by migration 0006: French stemming after unaccent, so that
# « garage solidaire », « garages solidaires » and « Garage Solidaire » are the same words.
SEARCH_CONFIG = "fabrique_fr"


class InitiativeQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Published initiatives for everyone signed in; drafts for coordinators only."""
        scoped = super().visible_to(user)
        if user.is_authenticated and user.role == Role.COORDINATOR:
            return scoped
        return scoped.filter(status=Initiative.Status.PUBLISHED)

    def published(self):
        return self.filter(status=Initiative.Status.PUBLISHED)


class Initiative(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        PUBLISHED = "published", _("publiée")

    class TargetPublic(models.TextChoices):
        EVERYONE = "everyone", _("tout public")
        LOW_INCOME = "low_income", _("ménages modestes")
        JOB_SEEKERS = "job_seekers", _("personnes éloignées de l’emploi")
        YOUTH = "youth", _("jeunes")
        ELDERLY = "elderly", _("personnes âgées")
        DISABLED = "disabled", _("personnes en situation de handicap")
        FAMILIES = "families", _("familles")
        RURAL = "rural", _("habitants des territoires ruraux")
        ORGANISATIONS = "organisations", _("entreprises et associations")

    title = models.CharField(_("intitulé"), max_length=200)
    summary = models.TextField(_("résumé"), max_length=600)
    description = models.TextField(_("description"), blank=True)
    origin_region = models.ForeignKey(
        "territories.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("région d’origine"),
    )
    origin_town = models.CharField(_("commune d’origine"), max_length=120, blank=True)
    sector = models.ForeignKey(
        "territories.Sector",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("filière"),
    )
    target_public = models.CharField(
        _("public visé"), max_length=20, choices=TargetPublic.choices, default=TargetPublic.EVERYONE
    )
    economic_model = models.CharField(_("modèle économique"), max_length=200, blank=True)
    legal_form = models.CharField(_("forme juridique"), max_length=100, blank=True)
    structure_name = models.CharField(_("structure porteuse"), max_length=200, blank=True)
    structure_website = models.URLField(_("site de la structure"), blank=True)
    year_started = models.PositiveSmallIntegerField(_("année de démarrage"), null=True, blank=True)
    jobs_fte = models.DecimalField(_("emplois (ETP)"), max_digits=6, decimal_places=1, null=True, blank=True)
    results = models.TextField(_("résultats"), blank=True)
    replication_conditions = models.TextField(_("conditions d’essaimage"), blank=True)
    # Comma-separated: « mobilité, garage, insertion ».
    tags = models.CharField(_("mots-clés"), max_length=300, blank=True)
    source_url = models.URLField(_("source"), blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Written by the database (trigger of migration 0006) on PostgreSQL; empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_initiatives",
        verbose_name=_("saisie par"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_vector"])

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative inspirante")
        verbose_name_plural = _("initiatives inspirantes")
        ordering = ["title", "pk"]
        indexes = [
            models.Index(fields=["status", "sector"], name="initiative_status_sector"),
            models.Index(fields=["status", "title"], name="initiative_status_title"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_started__isnull=True) | models.Q(year_started__gte=1800),
                name="initiative_year_plausible",
                violation_error_message=_("L’année de démarrage doit être postérieure à 1800."),
            ),
            models.CheckConstraint(
                condition=models.Q(jobs_fte__isnull=True) | models.Q(jobs_fte__gte=0),
                name="initiative_jobs_not_negative",
                violation_error_message=_("Le nombre d’emplois ne peut pas être négatif."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def tag_list(self):
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]
