"""Actors of the ESS (users' organisations too), their contact persons and their cooperations."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scoping import ScopedQuerySet
from core.versioning import VersionedModel

from ..validators import validate_siret_or_siren


class LegalCategory(models.TextChoices):
    """INSEE legal categories (catégories juridiques) of the ESS and local-authority forms."""

    ASSOCIATION_9220 = "9220", _("9220 — Association déclarée")
    ASSOCIATION_9221 = "9221", _("9221 — Association déclarée d’insertion par l’économique")
    ASSOCIATION_9222 = "9222", _("9222 — Association intermédiaire")
    ASSOCIATION_9230 = "9230", _("9230 — Association déclarée, reconnue d’utilité publique")
    ASSOCIATION_9260 = "9260", _("9260 — Association de droit local (Alsace-Moselle)")
    FONDATION = "9300", _("9300 — Fondation")
    MUTUELLE = "8210", _("8210 — Mutuelle")
    SCOP_SARL = "5458", _("5458 — SARL coopérative ouvrière de production (SCOP)")
    SCOP_SA_CA = "5558", _("5558 — SA coopérative ouvrière de production (SCOP) à conseil d’administration")
    SCOP_SA_DIRECTOIRE = "5658", _("5658 — SA coopérative ouvrière de production (SCOP) à directoire")
    COOP_SARL = "5460", _("5460 — Autre SARL coopérative")
    COOP_SA_CA = "5560", _("5560 — Autre SA coopérative à conseil d’administration")
    COOP_SA_DIRECTOIRE = "5660", _("5660 — Autre SA coopérative à directoire")
    SAS = "5710", _("5710 — SAS, société par actions simplifiée")
    COMMUNE = "7210", _("7210 — Commune et commune nouvelle")
    CC = "7346", _("7346 — Communauté de communes")
    CA = "7348", _("7348 — Communauté d’agglomération")
    CU = "7343", _("7343 — Communauté urbaine")
    METROPOLE = "7344", _("7344 — Métropole")
    PETR = "7357", _("7357 — Pôle d’équilibre territorial et rural (PETR)")
    OTHER = "other", _("Autre")


class Actor(VersionedModel):
    """A structure of the territory; users belong to one (their organisation)."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", _("Collectivité territoriale")
        REFERENT = "referent", _("Acteur référent / structure d’accompagnement")
        ESS_NETWORK = "ess_network", _("Réseau de l’ESS")
        FUNDER = "funder", _("Financeur")
        ESS_ENTERPRISE = "ess_enterprise", _("Entreprise de l’ESS")
        ASSOCIATION = "association", _("Association")
        INSTITUTION = "institution", _("Institution (CRESS, Avise…)")

    name = models.CharField(_("nom"), max_length=200, unique=True)
    kind = models.CharField(_("type d’acteur"), max_length=20, choices=Kind.choices)
    siret = models.CharField(
        _("SIRET ou SIREN"),
        max_length=14,
        blank=True,
        validators=[validate_siret_or_siren],
        help_text=_("14 chiffres (SIRET) ou 9 chiffres (SIREN), vérifiés par la clé de Luhn."),
    )
    legal_category = models.CharField(
        _("catégorie juridique INSEE"), max_length=5, choices=LegalCategory.choices, blank=True
    )
    is_scic = models.BooleanField(_("SCIC"), default=False, help_text=_("Société coopérative d’intérêt collectif"))
    esus_approved = models.BooleanField(_("agrément ESUS"), default=False)
    esus_end_date = models.DateField(_("fin de l’agrément ESUS"), null=True, blank=True)
    town = models.ForeignKey(
        "territories.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actors",
        verbose_name=_("commune"),
    )
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("présentation"), blank=True)
    territories = models.ManyToManyField(
        "territories.EngagedTerritory",
        blank=True,
        related_name="actors",
        verbose_name=_("territoires d’activité"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # Its territories of activity are not in it: a change of them bumps the version all the same.
    history = HistoricalRecords()

    # The directory is read by every role of the platform; contact persons are guarded apart.
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("acteur")
        verbose_name_plural = _("acteurs")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(esus_approved=True) | models.Q(esus_end_date__isnull=True),
                name="actor_esus_end_date_needs_approval",
                violation_error_message=_("Une date de fin d’agrément ESUS suppose l’agrément."),
            )
        ]

    def __str__(self):
        return self.name


class Contact(VersionedModel):
    """A contact person of an actor: personal data, shown only to coordinators and the referents
    of the actor's territories."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("acteur"))
    name = models.CharField(_("nom"), max_length=150)
    role = models.CharField(_("fonction"), max_length=150, blank=True)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    phone = models.CharField(
        _("téléphone"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^\+?[0-9 .()-]{6,20}$", _("Saisissez un numéro de téléphone valide."))],
    )
    # Personal data like the row itself: shown only on the contact's own page, to those who may change
    # the actor's contacts; deleting the contact erases it too (contact_delete), so no copy of a person's
    # details outlives their removal.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("personne contact")
        verbose_name_plural = _("personnes contacts")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Cooperation(VersionedModel):
    """Actors working together on a territory."""

    title = models.CharField(_("intitulé"), max_length=200)
    actors = models.ManyToManyField(Actor, related_name="cooperations", verbose_name=_("acteurs impliqués"))
    territory = models.ForeignKey(
        "territories.EngagedTerritory",
        on_delete=models.CASCADE,
        related_name="cooperations",
        verbose_name=_("territoire"),
    )
    description = models.TextField(_("ce qu’ils font ensemble"))
    since = models.DateField(_("depuis le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("coopération")
        verbose_name_plural = _("coopérations")
        ordering = ["-since", "title"]

    def __str__(self):
        return self.title
