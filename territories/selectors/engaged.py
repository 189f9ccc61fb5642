"""Reads about engaged territories: the list, the perimeter, the territory page and its readiness."""

import re
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Max, OuterRef, Prefetch, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from core import aggregates
from core.history import history_entries
from core.listing import first_rows
from core.roles import Role

from ..models import (
    EPCI,
    Actor,
    AnimationEvent,
    Commune,
    Cooperation,
    Departement,
    EngagedTerritory,
    Need,
    Opportunity,
    Prerequisite,
    ReadinessAssessment,
)
from ..models.readiness import READY_SCORE

EPCI_CODE = re.compile(r"^\d{9}$")
COMMUNE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
SUGGESTION_LIMIT = 15


def territory_list(*, user):
    """The territories the user may read, with what a row of the list shows."""
    return EngagedTerritory.objects.visible_to(user).select_related("driving_authority", "referent_actor")


def territories_in_departement(queryset, departement):
    """Territories with a commune of the département, directly or through one of their EPCI."""
    by_commune = EngagedTerritory.communes.through.objects.filter(commune__departement=departement)
    by_epci = EngagedTerritory.epcis.through.objects.filter(epci__communes__departement=departement)
    return queryset.filter(
        Q(pk__in=by_commune.values("engagedterritory_id")) | Q(pk__in=by_epci.values("engagedterritory_id"))
    )


# --- Perimeter -------------------------------------------------------------------------------------


@dataclass
class ResolvedPerimeter:
    epcis: list = field(default_factory=list)
    communes: list = field(default_factory=list)
    unknown: list = field(default_factory=list)


def perimeter_resolve(codes):
    """The EPCI (by SIREN) and communes (by INSEE code) named by `codes`, and the codes matching neither."""
    epci_codes = [code for code in codes if EPCI_CODE.match(code)]
    commune_codes = [code for code in codes if COMMUNE_CODE.match(code)]
    epcis = {epci.siren: epci for epci in EPCI.objects.filter(siren__in=epci_codes)} if epci_codes else {}
    communes = {c.code: c for c in Commune.objects.filter(code__in=commune_codes)} if commune_codes else {}
    return ResolvedPerimeter(
        epcis=[epcis[code] for code in codes if code in epcis],
        communes=[communes[code] for code in codes if code in communes],
        unknown=[code for code in codes if code not in epcis and code not in communes],
    )


def perimeter_communes(epci_ids, commune_ids):
    """The distinct communes of a perimeter: members of its EPCI and the communes chosen one by one.

    Both arguments may be lists or querysets of primary keys.
    """
    return Commune.objects.filter(Q(epci_id__in=epci_ids) | Q(pk__in=commune_ids))


def perimeter_totals(epci_ids, commune_ids):
    """(population, commune count) of a perimeter, each commune counted once."""
    totals = perimeter_communes(epci_ids, commune_ids).aggregate(
        population=Coalesce(Sum("population"), 0), count=Count("pk")
    )
    return totals["population"], totals["count"]


@dataclass
class Suggestion:
    code: str
    name: str
    kind: str  # "epci" or "commune"
    population: int | None
    departement: str = ""


def perimeter_suggestions(text, limit=SUGGESTION_LIMIT):
    """EPCI then communes whose name contains `text` or whose code starts with it, names starting with it
    first; each with its population (an EPCI's is the sum of its communes')."""
    text = (text or "").strip()
    if len(text) < 2:
        return []

    def starts_first(field_name):
        return Case(
            When(**{f"{field_name}__istartswith": text}, then=Value(0)), default=Value(1), output_field=IntegerField()
        )

    epcis = list(
        EPCI.objects.filter(Q(name__icontains=text) | Q(siren__startswith=text))
        .annotate(total_population=Sum("communes__population"), first=starts_first("name"))
        .order_by("first", "name")[:limit]
    )
    suggestions = [
        Suggestion(code=epci.siren, name=epci.name, kind="epci", population=epci.total_population) for epci in epcis
    ]
    if len(suggestions) < limit:
        communes = (
            Commune.objects.filter(Q(name__icontains=text) | Q(code__startswith=text.upper()))
            .select_related("departement")
            .annotate(first=starts_first("name"))
            .order_by("first", "name", "code")[: limit - len(suggestions)]
        )
        suggestions += [
            Suggestion(
                code=commune.code,
                name=commune.name,
                kind="commune",
                population=commune.population,
                departement=commune.departement.code,
            )
            for commune in communes
        ]
    return suggestions


# --- Readiness -------------------------------------------------------------------------------------


@dataclass
class PrerequisiteState:
    prerequisite: int
    label: str
    latest: ReadinessAssessment | None

    @property
    def is_met(self):
        return self.latest is not None and self.latest.score >= READY_SCORE


@dataclass
class Readiness:
    prerequisites: list
    history: list

    @property
    def is_ready(self):
        return all(state.is_met for state in self.prerequisites)

    @property
    def missing(self):
        return [state for state in self.prerequisites if not state.is_met]


def readiness_latest(territory):
    """{prerequisite: its latest assessment} for the territory, in one query."""
    newest = ReadinessAssessment.objects.filter(territory=territory, prerequisite=OuterRef("prerequisite")).order_by(
        "-assessed_at", "-pk"
    )
    rows = ReadinessAssessment.objects.filter(territory=territory, pk=Subquery(newest.values("pk")[:1]))
    return {row.prerequisite: row for row in rows.select_related("assessed_by")}


def readiness_for(territory):
    """The latest score of each of the five prerequisites and every assessment, newest first (one query: the
    latest of each prerequisite is its first row in the history)."""
    history = list(
        ReadinessAssessment.objects.filter(territory=territory)
        .select_related("assessed_by")
        .order_by("-assessed_at", "-pk")
    )
    latest = {}
    for assessment in history:
        latest.setdefault(assessment.prerequisite, assessment)
    states = [
        PrerequisiteState(prerequisite=value, label=label, latest=latest.get(value))
        for value, label in Prerequisite.choices
    ]
    return Readiness(prerequisites=states, history=history)


# --- The territory page ----------------------------------------------------------------------------


def territory_get(*, user, slug):
    """The territory behind a page, with its authorities; raises DoesNotExist when the user may not read it."""
    return (
        EngagedTerritory.objects.visible_to(user).select_related("driving_authority", "referent_actor").get(slug=slug)
    )


@dataclass
class Perimeter:
    epcis: list
    communes: list
    departements: list
    population_year: int | None


def perimeter_of(territory):
    """The EPCI and communes chosen for the territory, the départements it covers and the year of the
    population figures (three queries)."""
    epcis = list(territory.epcis.annotate(member_count=Count("communes")).order_by("name"))
    communes = list(territory.communes.select_related("departement").order_by("name", "code"))
    # Per département, the newest population year: members of the EPCI and chosen communes read apart (each
    # from its own index) rather than through one OR that reads every commune of France.
    columns = ("departement_id", "departement__code", "departement__name")
    by_departement = (
        Commune.objects.filter(epci_id__in=territory.epcis.values("pk"))
        .values(*columns)
        .annotate(year=Max("population_year"))
        .order_by()
        .union(territory.communes.values(*columns).annotate(year=Max("population_year")).order_by())
    )
    rows = list(by_departement)
    named = {row["departement_id"]: (row["departement__code"], row["departement__name"]) for row in rows}
    departements = [
        Departement(pk=pk, code=code, name=name) for pk, (code, name) in sorted(named.items(), key=lambda item: item[1])
    ]
    year = max((row["year"] for row in rows if row["year"] is not None), default=None)
    return Perimeter(epcis=epcis, communes=communes, departements=departements, population_year=year)


# What the territory page reads: a change to any of these forgets its cached blocks. Not the users, whose every
# login writes their row: a renamed author in the history shows within the cache's timeout.
OVERVIEW_MODELS = [
    EngagedTerritory,
    ReadinessAssessment,
    Actor,
    Cooperation,
    Need,
    Opportunity,
    AnimationEvent,
    "territories.Sector",
]


def territory_overview(*, user, territory):
    """Everything the territory page shows, read with a number of queries that does not grow with rows.

    Each block holds its first rows and the count of all (the page links to the filtered list for the rest).
    Summaries only: no contact person of an actor, no submitter of a need.

    Every reader sees the same page but for the ideas of the public still to review (or declined), which only
    coordinators and the territory's own referents read (Need.objects.visible_to): the blocks are cached for
    each of these two kinds of reader (core.aggregates), and forgotten when a row they show changes.
    """
    sees_ideas = user.role == Role.COORDINATOR or (
        user.role == Role.REFERENT
        and bool(user.organisation_id)
        and territory.referent_actor_id == user.organisation_id
    )
    return aggregates.cached(
        "territory-overview",
        [territory.pk, sees_ideas],
        lambda: _territory_overview(user=user, territory=territory),
        depends_on=OVERVIEW_MODELS,
    )


def _territory_overview(*, user, territory):
    return {
        "perimeter": perimeter_of(territory),
        "readiness": readiness_for(territory),
        # Only the columns each block shows: the page reads six lists, and wide rows cost more to read.
        "actors": first_rows(
            Actor.objects.visible_to(user)
            .filter(territories=territory)
            .select_related("town")
            .only("name", "kind", "town__name")
            .order_by("name")
        ),
        "cooperations": first_rows(
            Cooperation.objects.filter(territory=territory)
            .prefetch_related(Prefetch("actors", queryset=Actor.objects.only("name").order_by("name")))
            .only("title", "since")
            .order_by("-since", "title")
        ),
        # A submitter's name and email are never read here, whoever asks.
        "needs": first_rows(
            Need.objects.visible_to(user)
            .filter(territory=territory)
            .select_related("sector")
            .only("title", "priority", "status", "sector__name")
        ),
        "opportunities": first_rows(
            Opportunity.objects.visible_to(user)
            .filter(territory=territory)
            .select_related("sector")
            .only("title", "status", "estimated_jobs", "sector__name")
        ),
        "events": first_rows(
            AnimationEvent.objects.visible_to(user)
            .filter(territory=territory)
            .only("date", "title", "kind", "participants", "ideas_produced")
        ),
        "history": history_entries(territory),
    }
