"""The list behind each figure of the dashboard: a count of 12 opens the 12 rows, filtered.

Each indicator of `indicators.INDICATORS` names, in `LINKS`, the list whose rows it counts and the query that
narrows that list to them; the filters read the same conditions as the indicators (projects/milestones.py, the
decisions in force, the funding lines' statuses), so that the list shows as many rows as the figure says:

- a count opens its rows: projects (detected, moved, standing at a step on 31 December, enterprises created),
  decisions in force on a project, creativity sessions;
- a sum opens the rows it adds up: the creativity sessions (the list totals their participants), the enterprises
  created in the year (their jobs; for the non-relocatable ones, those marked so), the funding lines per funder
  (the page totals what is requested, or granted, of the lines the indicator reads);
- the median delay to creation opens the enterprises it is computed on, those created in the year; survival at
  3 years opens its denominator, the enterprises created three years before whose follow-up is known;
- partners mobilised has no list: its actors come from two tables (animation events and funding lines) that no
  one list shows together, so it links nowhere (None).

A territory opens the list on it (`?territoire=`); no territory is the reader's default scope: for a referent
their own territories (`?perimetre=mes-territoires` where the list opens on the region, nothing where it opens
on them already), the whole region for the others; `region` asks for the whole region (`?perimetre=region`). A
sector narrows the lists that have one (`?filiere=`); the events have none, and their figures are then blank: no
link.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.http import urlencode

from projects.filters import projects as project_filters
from projects.filters.follow_up import FunderTotalsFilter, LineStatus
from projects.models import Project
from territories.filters.events import AnimationEventFilter
from territories.filters.scope import MINE, REGION
from territories.models import AnimationEvent

from .filters import decisions as decision_filters
from .models import Decision


@dataclass(frozen=True)
class RowList:
    """A list page: its URL name, its filter set (for where a referent's list opens), and whether it filters by
    sector."""

    url_name: str
    filterset: type
    by_sector: bool = True


PROJECTS = RowList("project_list", project_filters.ProjectFilter)
DECISIONS = RowList("decision_list", decision_filters.DecisionFilter)
EVENTS = RowList("event_list", AnimationEventFilter, by_sector=False)
FUNDING = RowList("funder_totals", FunderTotalsFilter)


@dataclass(frozen=True)
class Link:
    """The rows of an indicator: the list, its fixed parameters, the parameter the year goes in, and how many
    years before the indicator's year those rows are dated (survival at 3 years)."""

    rows: RowList
    year_param: str
    params: dict = field(default_factory=dict)
    years_before: int = 0


CREATED = {"etape": Project.Stage.CREATED}
CREATED_IN_YEAR = Link(PROJECTS, "creee_en", CREATED)
CREATIVITY_SESSIONS = Link(EVENTS, "annee", {"type": AnimationEvent.Kind.CREATIVITY_SESSION})
DECISIONS_IN_FORCE = {"en_vigueur": decision_filters.YES, "sur_projet": decision_filters.YES}

LINKS = {
    "ideas_detected": Link(PROJECTS, "annee"),
    "creativity_sessions": CREATIVITY_SESSIONS,
    "creativity_participants": CREATIVITY_SESSIONS,
    "studies_launched": Link(PROJECTS, "passe_en", {"passage": project_filters.Move.STUDY_LAUNCHED}),
    "studies_in_progress": Link(PROJECTS, "au_31_decembre", {"etape": Project.Stage.OPPORTUNITY_STUDY}),
    "studies_concluded": Link(PROJECTS, "passe_en", {"passage": project_filters.Move.STUDY_CONCLUDED}),
    "decisions_go": Link(DECISIONS, "annee", {"issue": Decision.Outcome.GO, **DECISIONS_IN_FORCE}),
    "decisions_no_go": Link(DECISIONS, "annee", {"issue": Decision.Outcome.NO_GO, **DECISIONS_IN_FORCE}),
    "projects_transmitted": Link(PROJECTS, "passe_en", {"passage": project_filters.Move.TRANSMITTED}),
    "enterprises_created": CREATED_IN_YEAR,
    "jobs_created": CREATED_IN_YEAR,
    "jobs_non_relocatable": Link(PROJECTS, "creee_en", {**CREATED, "emplois_non_delocalisables": project_filters.YES}),
    "funding_requested": Link(FUNDING, "annee", {"statut": LineStatus.REQUESTED}),
    "funding_granted": Link(FUNDING, "annee", {"statut": LineStatus.GRANTED}),
    "median_months_to_creation": CREATED_IN_YEAR,
    "survival_3y": Link(
        PROJECTS, "creee_en", {**CREATED, "suivi_3_ans": project_filters.FOLLOW_UP_KNOWN}, years_before=3
    ),
}
# Indicators whose figure no list's rows make up.
NO_LIST = frozenset({"partners_mobilised"})


def indicator_list_url(key, *, year, territory=None, sector=None, region=False):
    """The URL of the list whose rows an indicator counts, for the year, the territory (None: the reader's
    default scope, or the region when `region`) and the sector; None for an indicator with no such list."""
    link = LINKS.get(key)
    if link is None or (sector is not None and not link.rows.by_sector):
        return None
    params = {**link.params, link.year_param: year - link.years_before}
    if territory is not None:
        params["territoire"] = territory.slug
    elif region:
        params["perimetre"] = REGION
    elif link.rows.filterset.default_perimeter != MINE:
        params["perimetre"] = MINE
    if sector is not None:
        params["filiere"] = sector.slug
    return f"{reverse(link.rows.url_name)}?{urlencode(params)}"
