"""List filters of projects: territory, sector, stage, status, stalled, referent, year, text, and sorting.

Filter names are the French query parameters users see in their URLs (`?etape=incubation&arret=oui`).

The dashboard's figures open the projects behind them with filters of their own (a move made in a year, the
step on 31 December, the year an enterprise was created, its jobs, its follow-up at 3 years): they read the
conditions of `projects/milestones.py` that the indicators count with, and show in the form only when a link
sets them (`shown_when_set`), so that the everyday form stays short.
"""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.filters import YearFilter
from core.roles import EDITOR_ROLES, Role
from territories.filters.choices import TerritoryFilter, sectors
from territories.filters.scope import TerritoryScopedFilterSet

from .. import milestones
from ..models import Project

Stage = Project.Stage
SideState = Project.SideState

# `?etape=`: a stage (the projects there, paused ones included, flagged in their row), or a side state.
STEP_CHOICES = [*Stage.choices, *SideState.choices]


class Status:
    """`?statut=`: where a project stands, whatever its stage."""

    ACTIVE = "en-cours"
    ON_HOLD = "en-pause"
    ABANDONED = "abandonne"
    CREATED = "cree"

    choices = [
        (ACTIVE, _("en cours")),
        (ON_HOLD, _("en pause")),
        (ABANDONED, _("abandonné")),
        (CREATED, _("entreprise créée")),
    ]
    conditions = {
        ACTIVE: {"side_state": ""},
        ON_HOLD: {"side_state": SideState.ON_HOLD},
        ABANDONED: {"side_state": SideState.ABANDONED},
        CREATED: {"side_state": "", "stage": Stage.CREATED},
    }


STALLED = "oui"
YES, NO = "oui", "non"


class Move:
    """`?passage=`: a move of the pipeline that an indicator counts, made in the year `?passe_en=`
    (or ever)."""

    STUDY_LAUNCHED = "etude-lancee"
    STUDY_CONCLUDED = "etude-conclue"
    TRANSMITTED = "transmis"

    choices = [
        (STUDY_LAUNCHED, _("étude d’opportunité lancée")),
        (STUDY_CONCLUDED, _("étude d’opportunité conclue (go ou no-go)")),
        (TRANSMITTED, _("transmis au porteur")),
    ]
    # The move of projects/milestones.py each value names.
    moves = {
        STUDY_LAUNCHED: milestones.STUDY_LAUNCHED,
        STUDY_CONCLUDED: milestones.STUDY_CONCLUDED,
        TRANSMITTED: milestones.TRANSMITTED,
    }


# `?suivi_3_ans=`: what the follow-up at 3 years of a created enterprise says.
FOLLOW_UP_KNOWN = "renseigne"
FOLLOW_UP_CHOICES = [
    (FOLLOW_UP_KNOWN, _("renseigné")),
    ("active", _("toujours active")),
    ("cessee", _("cessée")),
]
FOLLOW_UP_CONDITIONS = {
    FOLLOW_UP_KNOWN: {"still_active_3y__isnull": False},
    "active": {"still_active_3y": True},
    "cessee": {"still_active_3y": False},
}
# `?referent=moi`: the projects the signed-in user follows as a referent.
MINE = "moi"

# The pipeline's order, for sorting by stage (the codes' alphabetical order means nothing).
STAGE_ORDER = Case(
    *(When(stage=value, then=Value(position)) for position, value in enumerate(Stage.values)),
    output_field=IntegerField(),
)


class StageOrderingFilter(django_filters.OrderingFilter):
    """Sorting by stage follows the pipeline; equal rows keep the list's default order, so pages do not overlap."""

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        if param.lstrip("-") == "etape":
            return STAGE_ORDER.desc() if descending else STAGE_ORDER.asc()
        return super().get_ordering_value(param)

    def filter(self, qs, value):
        if value in ([], (), {}, "", None):
            return qs
        ordering = [self.get_ordering_value(param) for param in value]
        return qs.order_by(*ordering, *Project._meta.ordering)


class ProjectFilter(TerritoryScopedFilterSet):
    search_fields = ("reference", "title", "summary")

    territoire = TerritoryFilter()
    filiere = django_filters.ModelChoiceFilter(
        field_name="sector", to_field_name="slug", queryset=sectors(), label=_("Filière")
    )
    etape = django_filters.ChoiceFilter(choices=STEP_CHOICES, method="filter_step", label=_("Étape"))
    statut = django_filters.ChoiceFilter(choices=Status.choices, method="filter_status", label=_("Statut"))
    arret = django_filters.ChoiceFilter(
        choices=[(STALLED, _("à l’arrêt seulement"))], method="filter_stalled", label=_("À l’arrêt")
    )
    referent = django_filters.ChoiceFilter(method="filter_referent", label=_("Référent"))
    annee = YearFilter(field_name="created_at", label=_("Année de création"))
    passage = django_filters.ChoiceFilter(choices=Move.choices, method="filter_move", label=_("Passage"))
    passe_en = YearFilter(method="filter_move_year", label=_("Année du passage"))
    # Read by `filter_step`: with it, `etape` is the step on 31 December of that year rather than today's.
    au_31_decembre = YearFilter(method="filter_year_end", label=_("Étape au 31 décembre de l’année"))
    creee_en = YearFilter(field_name="creation_date", label=_("Année de création de l’entreprise"))
    emplois_non_delocalisables = django_filters.ChoiceFilter(
        choices=[(YES, _("oui")), (NO, _("non"))],
        method="filter_non_relocatable",
        label=_("Emplois non délocalisables"),
    )
    suivi_3_ans = django_filters.ChoiceFilter(
        choices=FOLLOW_UP_CHOICES, method="filter_follow_up", label=_("Suivi à 3 ans")
    )
    tri = StageOrderingFilter(
        fields=(
            ("reference", "reference"),
            ("title", "intitule"),
            ("stage", "etape"),
            ("stage_since", "date-etape"),
            ("created_at", "date"),
        ),
        field_labels={
            "reference": _("Référence"),
            "title": _("Intitulé"),
            "stage": _("Étape"),
            "stage_since": _("Date d’étape"),
            "created_at": _("Date de création"),
        },
        label=_("Trier par"),
    )

    shown_when_set = (
        "passage",
        "passe_en",
        "au_31_decembre",
        "creee_en",
        "emplois_non_delocalisables",
        "suivi_3_ans",
    )

    class Meta:
        model = Project
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A function rather than the bound method: Django deep-copies a form's choices, and the filter set holds
        # the request, which cannot be copied. Read when the field needs them (never by an unfiltered export).
        self.filters["referent"].extra["choices"] = lambda: self.referent_choices()

    @cached_property
    def user(self):
        return getattr(self.request, "user", None)

    def referent_choices(self):
        """« Mes projets », then the referents by name for those who edit (partners choose only their own)."""
        choices = [(MINE, _("mes projets"))]
        if self.user is None or getattr(self.user, "role", None) not in EDITOR_ROLES:
            return choices
        users = (
            get_user_model()
            .objects.filter(role=Role.REFERENT, is_active=True)
            .order_by("last_name", "first_name", "email")
            .values_list("pk", "first_name", "last_name", "email")
        )
        return choices + [(str(pk), f"{first} {last}".strip() or email) for pk, first, last, email in users]

    def _valid(self, name):
        """The checked value of another filter (None when absent or invalid): the form is valid by now."""
        return self.form.cleaned_data.get(name) if name in self.filters else None

    def filter_step(self, queryset, name, value):
        year = self._valid("au_31_decembre")
        if year is not None:
            # Paused and abandoned projects stood at their side state, not at the stage they left.
            return queryset.alias(step_at_year_end=milestones.step_at_year_end(year)).filter(step_at_year_end=value)
        if value in SideState.values:
            return queryset.filter(side_state=value)
        return queryset.filter(stage=value)

    def filter_status(self, queryset, name, value):
        queryset = queryset.filter(**Status.conditions[value])
        if value == Status.ACTIVE:
            queryset = queryset.exclude(stage=Stage.CREATED)
        return queryset

    def filter_year_end(self, queryset, name, value):
        # The projects recorded by the end of that year: the others stood nowhere.
        return queryset.filter(created_at__lt=milestones.year_end(value))

    def filter_move(self, queryset, name, value):
        return queryset.filter(milestones.made_move(Move.moves[value], year=self._valid("passe_en")))

    def filter_move_year(self, queryset, name, value):
        if self._valid("passage"):
            return queryset  # read by filter_move, in one subquery
        return queryset.filter(milestones.made_move(year=value))

    def filter_non_relocatable(self, queryset, name, value):
        return queryset.filter(non_relocatable=value == YES)

    def filter_follow_up(self, queryset, name, value):
        return queryset.filter(**FOLLOW_UP_CONDITIONS[value])

    def filter_stalled(self, queryset, name, value):
        return queryset.stalled() if value == STALLED else queryset

    def filter_referent(self, queryset, name, value):
        user_id = self.user.pk if value == MINE else int(value)
        # A subquery rather than a join: no duplicate rows, and the default order's index stays usable.
        followed = Project.referent_users.through.objects.filter(project_id=OuterRef("pk"), user_id=user_id)
        return queryset.filter(Exists(followed))
