"""Unmet needs (besoins non satisfaits) and development opportunities of a territory."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.roles import Role
from core.scoping import ScopedQuerySet
from core.versioning import VersionedModel

from .engaged import EngagedTerritory


class NeedQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Needs the user reads: a public idea still to review only by coordinators and its territory's referents."""
        return super().visible_to(user).filter(need_review_condition(user))


def need_review_condition(user, prefix=""):
    """The review rule alone, as a condition on needs reached through `prefix` (e.g. "needs__" from an event).

    An idea of the public may carry personal details until a referent or coordinator of its territory has
    edited them out: until then, partners and the referents of other territories do not read it at all. An
    idea declined at its review stays with them too: it is no need of the territory, and its text may still
    hold what a reviewer saw no point in editing out.
    """
    if user.is_authenticated and user.role == Role.COORDINATOR:
        return Q()
    # Named positively: a negated condition through a many-to-many relation would turn into a subquery.
    reviewed = Q(**{f"{prefix}status__in": [status for status in Need.Status if status not in IDEA_STATUSES]})
    if user.is_authenticated and user.role == Role.REFERENT and user.organisation_id:
        # A subquery on the few territories they refer, not a join of every need with its territory.
        referred = EngagedTerritory.objects.filter(referent_actor_id=user.organisation_id).values("pk")
        return reviewed | Q(**{f"{prefix}territory__in": referred})
    return reviewed


class Need(VersionedModel):
    class Source(models.TextChoices):
        DIAGNOSIS = "diagnosis", _("diagnostic territorial")
        STUDY = "study", _("étude")
        ACTORS_FEEDBACK = "actors_feedback", _("remontée des acteurs")
        CALL_FOR_IDEAS = "call_for_ideas", _("appel à idées")
        ELECTED_OFFICIALS = "elected_officials", _("élus")
        CREATIVITY_SESSION = "creativity_session", _("séance de créativité")

    class Status(models.TextChoices):
        # A public idea waits here until reviewed; partners never read a need in this state.
        TO_REVIEW = "to_review", _("à examiner")
        IDENTIFIED = "identified", _("identifié")
        QUALIFIED = "qualified", _("qualifié")
        ADDRESSED = "addressed", _("traité")
        DROPPED = "dropped", _("abandonné")
        # A public idea declined at its review: read, like an idea to review, by its reviewers alone.
        DECLINED = "declined", _("non retenue")

    class ReviewDecision(models.TextChoices):
        ACCEPTED = "accepted", _("acceptée comme besoin identifié")
        DECLINED = "declined", _("non retenue")

    class Priority(models.IntegerChoices):
        HIGH = 1, _("1 — haute")
        MEDIUM = 2, _("2 — moyenne")
        LOW = 3, _("3 — basse")

    territory = models.ForeignKey(
        "territories.EngagedTerritory", on_delete=models.CASCADE, related_name="needs", verbose_name=_("territoire")
    )
    sector = models.ForeignKey(
        "territories.Sector",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("filière"),
    )
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    evidence = models.TextField(_("éléments de preuve"), blank=True)
    population_concerned = models.CharField(_("population concernée"), max_length=200, blank=True)
    priority = models.PositiveSmallIntegerField(_("priorité"), choices=Priority.choices, default=Priority.MEDIUM)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.IDENTIFIED)
    identified_on = models.DateField(_("identifié le"))
    qualified_on = models.DateField(_("qualifié le"), null=True, blank=True)
    addressed_on = models.DateField(_("traité le"), null=True, blank=True)
    dropped_on = models.DateField(_("abandonné le"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_needs",
        verbose_name=_("enregistré par"),
    )
    # Personal data of a call-for-ideas submitter: coordinators and the territory's referents only.
    submitter_name = models.CharField(_("nom de la personne"), max_length=150, blank=True)
    submitter_email = models.EmailField(_("e-mail de la personne"), blank=True)
    submitter_consents_to_contact = models.BooleanField(_("accepte d’être recontactée"), default=False)
    # The review of a public idea (see services/review.py): who decided what, when and why.
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_needs",
        verbose_name=_("examinée par"),
    )
    reviewed_at = models.DateTimeField(_("examinée le"), null=True, blank=True)
    review_decision = models.CharField(
        _("décision de l’examen"), max_length=10, choices=ReviewDecision.choices, blank=True
    )
    review_reason = models.TextField(_("motif de la décision"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["submitter_name", "submitter_email"])

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("besoin non satisfait")
        verbose_name_plural = _("besoins non satisfaits")
        ordering = ["priority", "-identified_on", "title"]
        indexes = [
            # The sector list counts each sector's needs as the user may read them (by status, and by territory
            # for a referent): from this index alone, without reading the needs themselves.
            models.Index(fields=["sector", "status", "territory"], name="need_sector_status_territory"),
            # The list's default order: its first page is read from the index, not sorted from every need.
            models.Index(fields=["priority", "-identified_on", "title"], name="need_list_order"),
            # Ideas waiting for review, counted per territory and in all on the homes.
            models.Index(fields=["status", "territory"], name="need_status_territory"),
        ]

    def __str__(self):
        return self.title


# The states of a public idea that is not a need of its territory (yet, or at all): read by its reviewers alone.
IDEA_STATUSES = (Need.Status.TO_REVIEW, Need.Status.DECLINED)


class Opportunity(VersionedModel):
    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("repérée")
        QUALIFIED = "qualified", _("qualifiée")
        IN_PROJECT = "in_project", _("en projet")
        DROPPED = "dropped", _("abandonnée")

    territory = models.ForeignKey(
        "territories.EngagedTerritory",
        on_delete=models.CASCADE,
        related_name="opportunities",
        verbose_name=_("territoire"),
    )
    sector = models.ForeignKey(
        "territories.Sector",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("filière"),
    )
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"))
    needs = models.ManyToManyField(Need, blank=True, related_name="opportunities", verbose_name=_("besoins visés"))
    estimated_jobs = models.DecimalField(
        _("emplois estimés (ETP)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.IDENTIFIED)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_opportunities",
        verbose_name=_("enregistrée par"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunité de développement")
        verbose_name_plural = _("opportunités de développement")
        ordering = ["title"]
        indexes = [models.Index(fields=["title"], name="opportunity_list_order")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(estimated_jobs__isnull=True) | models.Q(estimated_jobs__gte=0),
                name="opportunity_jobs_not_negative",
                violation_error_message=_("Le nombre d’emplois estimés ne peut pas être négatif."),
            )
        ]

    def __str__(self):
        return self.title
