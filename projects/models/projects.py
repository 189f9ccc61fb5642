"""Projects (projets d’activité) of an engaged territory, from a detected idea to a created ESS enterprise."""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.roles import Role
from core.scoping import ScopedQuerySet
from core.versioning import VersionedModel
from territories.validators import normalise_identifier, validate_siret_or_siren


def validate_siret(value):
    """A created enterprise has an establishment: its 14-digit SIRET, checked by its Luhn key."""
    digits = normalise_identifier(value)
    if not (digits.isdigit() and len(digits) == 14):
        raise ValidationError(_("Un SIRET compte 14 chiffres (« %(value)s »).") % {"value": value}, code="siret_format")
    validate_siret_or_siren(digits)


# The projects on the agenda of a committee meeting a user may read: the governance app, which sits above
# this one, registers it when it loads (governance/apps.py). Until then no project stands before a committee.
_committee_scope = None


def register_committee_scope(condition):
    """Called by the governance app with a function of a user returning a condition on projects."""
    global _committee_scope
    _committee_scope = condition


def committee_condition(user):
    """The projects put before the user's committees, as a condition on projects. Kept beside the rule of
    the same name (rules.is_before_users_committee) so that a list never shows what a detail page would
    refuse."""
    if _committee_scope is None:
        return models.Q(pk__in=[])
    return _committee_scope(user)


# An opportunity study takes 9 to 12 months in the method: past 12, the project is flagged.
STUDY_MONTHS = 12


def study_overdue_since():
    """The instant before which an opportunity study still open is overdue."""
    now = timezone.now()
    year, month = divmod(now.month - 1 - STUDY_MONTHS, 12)
    day = min(now.day, calendar.monthrange(now.year + year, month + 1)[1])
    return now.replace(year=now.year + year, month=month + 1, day=day)


def quiet_since(today):
    """The day before which a project with no journal entry (nor move) since is stalled."""
    return today - datetime.timedelta(days=settings.PROJECT_STALLED_DAYS)


def stalled_condition(today):
    """The one definition of a stalled project, as a condition on projects (Project.is_stalled_on is the same
    for a project in hand): active, not yet created, and its next step overdue or nothing logged for
    PROJECT_STALLED_DAYS days."""
    return (
        models.Q(side_state="")
        & ~models.Q(stage=Project.Stage.CREATED)
        & (models.Q(next_step_due__lt=today) | models.Q(last_activity_on__lt=quiet_since(today)))
    )


class ProjectQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Coordinators and referents read every project of the region (referents edit those of their own
        territories only; the leader's personal data stays with the coordinators and those referents).
        Partners read the projects put before their committees."""
        scoped = super().visible_to(user)
        if user.is_authenticated and user.role in (Role.COORDINATOR, Role.REFERENT):
            return scoped
        return scoped.filter(committee_condition(user))

    def stalled(self, today=None):
        """Active projects whose next step is overdue, or with no journal entry for PROJECT_STALLED_DAYS days."""
        return self.filter(stalled_condition(today or timezone.localdate()))

    def study_overdue(self):
        """Active projects whose opportunity study has been open for more than STUDY_MONTHS months."""
        return self.filter(stage=Project.Stage.OPPORTUNITY_STUDY, side_state="", stage_since__lt=study_overdue_since())


class Project(VersionedModel):
    class Stage(models.TextChoices):
        DETECTED = "detected", _("idée détectée")
        OPPORTUNITY_STUDY = "opportunity_study", _("étude d’opportunité")
        LEADER_SEARCH = "leader_search", _("recherche de porteur")
        TRANSMITTED = "transmitted", _("transmis au porteur")
        INCUBATION = "incubation", _("accompagnement à la création")
        CREATED = "created", _("entreprise créée")

    class SideState(models.TextChoices):
        # Kept apart from the stage: a paused or abandoned project stays at the stage it left, so that it
        # is reactivated there and shows in that stage's column, flagged.
        ON_HOLD = "on_hold", _("en pause")
        ABANDONED = "abandoned", _("abandonné")

    class Origin(models.TextChoices):
        DIAGNOSIS = "diagnosis", _("diagnostic territorial")
        CREATIVITY_SESSION = "creativity_session", _("séance de créativité")
        CALL_FOR_IDEAS = "call_for_ideas", _("appel à idées")
        IDEA_CATCHER = "idea_catcher", _("idée relayée par un capteur d’idées")
        DRAWING_RIGHT = "drawing_right", _("demande d’un financeur (droit de tirage)")
        REPLICATION = "replication", _("essaimage d’une initiative")

    reference = models.CharField(_("référence"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("intitulé"), max_length=200)
    territory = models.ForeignKey(
        "territories.EngagedTerritory",
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("territoire"),
        db_index=False,  # indexed by project_territory_sector, which leads with it
    )
    sector = models.ForeignKey(
        "territories.Sector",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("filière"),
    )
    needs = models.ManyToManyField(
        "territories.Need", blank=True, related_name="projects", verbose_name=_("besoins auxquels il répond")
    )
    opportunity = models.ForeignKey(
        "territories.Opportunity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("opportunité"),
    )
    origin = models.CharField(_("origine"), max_length=20, choices=Origin.choices)
    # The inspiring initiative a project replicates (origin « essaimage »).
    initiative = models.ForeignKey(
        "projects.Initiative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replications",
        verbose_name=_("initiative essaimée"),
    )
    referent_actor = models.ForeignKey(
        "territories.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_projects",
        verbose_name=_("acteur référent"),
    )
    referent_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="referred_projects", verbose_name=_("référents")
    )
    summary = models.TextField(_("résumé"), blank=True)
    social_utility = models.TextField(_("utilité sociale"), blank=True)
    target_public = models.CharField(_("public visé"), max_length=200, blank=True)
    target_legal_form = models.CharField(_("forme juridique visée"), max_length=100, blank=True)
    # The project leader (porteur de projet): a person or an existing structure. A person's name, e-mail
    # and phone are personal data: read by coordinators and the territory's referents only, never by
    # partners, never in an export.
    leader_name = models.CharField(_("nom du porteur"), max_length=150, blank=True)
    leader_email = models.EmailField(_("e-mail du porteur"), blank=True)
    leader_phone = models.CharField(_("téléphone du porteur"), max_length=30, blank=True)
    leader_structure = models.ForeignKey(
        "territories.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_projects",
        verbose_name=_("structure porteuse"),
    )
    jobs_planned_fte = models.DecimalField(_("emplois prévus (ETP)"), max_digits=6, decimal_places=1, default=0)
    jobs_created_fte = models.DecimalField(_("emplois créés (ETP)"), max_digits=6, decimal_places=1, default=0)
    non_relocatable = models.BooleanField(_("emplois non délocalisables"), default=False)
    budget = models.DecimalField(_("budget (€)"), max_digits=12, decimal_places=2, null=True, blank=True)
    creation_date = models.DateField(_("date de création de l’entreprise"), null=True, blank=True)
    siret = models.CharField(_("SIRET"), max_length=20, blank=True, validators=[validate_siret])
    still_active_1y = models.BooleanField(_("toujours active à 1 an"), null=True, blank=True)
    jobs_1y = models.DecimalField(_("emplois à 1 an (ETP)"), max_digits=6, decimal_places=1, null=True, blank=True)
    still_active_3y = models.BooleanField(_("toujours active à 3 ans"), null=True, blank=True)
    jobs_3y = models.DecimalField(_("emplois à 3 ans (ETP)"), max_digits=6, decimal_places=1, null=True, blank=True)
    # Changed by services.project_move_to_stage alone (see stages.py).
    stage = models.CharField(_("étape"), max_length=20, choices=Stage.choices, default=Stage.DETECTED, editable=False)
    side_state = models.CharField(
        _("en pause ou abandonné"), max_length=10, choices=SideState.choices, blank=True, editable=False
    )
    stage_since = models.DateTimeField(_("à cette étape depuis le"), editable=False)
    # Kept up to date by the journal and next-step services (a plain update, outside the history): what
    # tells a stalled project, read from the row rather than from 200,000 journal entries.
    last_activity_on = models.DateField(_("dernière activité le"), default=timezone.localdate, editable=False)
    next_step_due = models.DateField(_("prochaine échéance"), null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_projects",
        verbose_name=_("enregistré par"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    history = HistoricalRecords()

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        ordering = ["-created_at", "reference"]
        indexes = [
            models.Index(fields=["-created_at", "reference"], name="project_list_order"),
            models.Index(fields=["stage", "territory"], name="project_stage_territory"),
            # The projects of a few territories (a referent's figures and work), with their sector, read from this
            # index alone on PostgreSQL, rather than a page of the table for each.
            models.Index(fields=["territory"], include=["id", "sector"], name="project_territory_sector"),
            # The board: each column's first cards read from the index, and its counts from the index alone.
            models.Index(fields=["stage", "side_state", "stage_since", "id"], name="project_board_order"),
            # Where every project stands now, counted from a narrow index (its repeated keys deduplicated by
            # PostgreSQL: a third of the pages of the board's): this year's funnel on the dashboard.
            models.Index(fields=["stage", "side_state"], name="project_step_now"),
            # The dashboard's funnel and yearly counts (projects recorded before a date, their step, territory and
            # sector) read from this index alone on PostgreSQL (INCLUDE is ignored elsewhere).
            models.Index(
                fields=["created_at"],
                include=["id", "stage", "side_state", "territory", "sector"],
                name="project_created_step",
            ),
            # The enterprises created in a year (jobs, survival at 3 years) read from this index alone.
            models.Index(
                fields=["creation_date"],
                include=[
                    "id",
                    "created_at",
                    "jobs_created_fte",
                    "non_relocatable",
                    "still_active_3y",
                    "territory",
                    "sector",
                ],
                condition=models.Q(stage="created"),
                name="project_created_enterprises",
            ),
            # The dashboard's stalled projects, most overdue first: the active projects not yet created, in the
            # block's order, so that its first rows are read from the index.
            models.Index(
                fields=["next_step_due", "last_activity_on", "id"],
                condition=models.Q(side_state="") & ~models.Q(stage="created"),
                name="project_stalled_order",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(jobs_planned_fte__gte=0),
                name="project_jobs_planned_not_negative",
                violation_error_message=_("Le nombre d’emplois prévus ne peut pas être négatif."),
            ),
            models.CheckConstraint(
                condition=models.Q(jobs_created_fte__gte=0),
                name="project_jobs_created_not_negative",
                violation_error_message=_("Le nombre d’emplois créés ne peut pas être négatif."),
            ),
            models.CheckConstraint(
                condition=(models.Q(jobs_1y__isnull=True) | models.Q(jobs_1y__gte=0))
                & (models.Q(jobs_3y__isnull=True) | models.Q(jobs_3y__gte=0)),
                name="project_follow_up_jobs_not_negative",
                violation_error_message=_("Le nombre d’emplois du suivi ne peut pas être négatif."),
            ),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="project_budget_not_negative",
                violation_error_message=_("Le budget ne peut pas être négatif."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} — {self.title}" if self.reference else self.title

    def clean(self):
        super().clean()
        if self.leader_structure_id and (self.leader_name or self.leader_email or self.leader_phone):
            raise ValidationError(
                {
                    "leader_structure": _(
                        "Le porteur est une personne ou une structure existante, pas les deux : videz l’une ou l’autre."
                    )
                }
            )

    @property
    def is_study_overdue(self):
        """An opportunity study open for more than STUDY_MONTHS months (the method's 9 to 12) is flagged."""
        if self.stage != self.Stage.OPPORTUNITY_STUDY or self.side_state or self.stage_since is None:
            return False
        return self.stage_since < study_overdue_since()

    def is_stalled_on(self, today):
        if self.side_state or self.stage == self.Stage.CREATED:
            return False
        overdue = self.next_step_due is not None and self.next_step_due < today
        return overdue or self.last_activity_on < quiet_since(today)

    @property
    def is_stalled(self):
        """Its next step is overdue, or nothing was logged for PROJECT_STALLED_DAYS days (flagged in lists)."""
        return self.is_stalled_on(timezone.localdate())

    @property
    def is_on_hold(self):
        return self.side_state == self.SideState.ON_HOLD

    @property
    def is_abandoned(self):
        return self.side_state == self.SideState.ABANDONED


class ReferenceCounter(models.Model):
    """The last project number given in a year: locked while the next one is taken (services.next_reference)."""

    year = models.PositiveSmallIntegerField(_("année"), unique=True)
    last = models.PositiveIntegerField(_("dernier numéro"), default=0)

    class Meta:
        verbose_name = _("compteur de références")
        verbose_name_plural = _("compteurs de références")

    def __str__(self):
        return f"{self.year} : {self.last}"
