"""Reads of the dashboard: the filters' choices, the figures of a scope and the work blocks, each from the
aggregates cache (core.aggregates), forgotten as soon as a row they read changes.

The figures are the same for every reader of one kind and scope, and so are the work blocks of coordinators and
referents (they read every project, meeting and decision): both are cached as rendered HTML, keyed by the year,
the territories, the sector, the kind of reader (their links differ) and the language, so that a warm page costs
the session's queries alone. A partner's meetings and decisions depend on the committees they sit on: cached by
those committees, read in one query.
"""

from urllib.parse import urlencode, urlsplit

from django.db.models import F, Min, Q, Value
from django.db.models.functions import ExtractYear
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import aggregates
from core.listing import Block, counted_apart, first_rows
from core.parallel import side_by_side
from core.roles import Role
from governance import indicators
from governance.charts import CHART_ROWS, Series, bar_chart, funding_chart
from governance.indicator_links import indicator_list_url
from governance.models import ActionItem, AgendaItem, Committee, CommitteeMember, Decision, Meeting, Target
from governance.packs.snapshot import funding_rows, indicator_rows
from governance.selectors.decisions import decision_list
from projects.filters.projects import STALLED
from projects.models import FundingLine, NextStep, Project, StageChange
from projects.models.projects import stalled_condition
from territories.filters.scope import REGION as REGION_PERIMETER
from territories.models import Actor, AnimationEvent, EngagedTerritory, Need, Sector

from ..models import Invitation, User
from ..selectors import invitation_pending_count
from .scope import REGION, TERRITORY, SectorRow, TerritoryRow

# The figures at the top of the page, then those of the enterprises' follow-up.
KEY_FIGURES = [
    "ideas_detected",
    "studies_launched",
    "projects_transmitted",
    "enterprises_created",
    "jobs_created",
    "funding_granted",
]
FOLLOW_UP_FIGURES = ["median_months_to_creation", "survival_3y"]
# The rows each work block shows; the count says how many there are in all.
WORK_ROWS = 5
# The lists a partner reads whole (every territory's rows): a link to another list would show them fewer rows
# than the figure counts (projects, decisions: those before their committees), or refuse them.
PARTNER_LISTS = frozenset({"event_list"})
# What each row of a work block shows (fabrique/templatetags/dashboard_rows.py), read as plain values: five
# blocks of five rows, each with its project, meeting or committee, cost more to build as models than to read.
STALLED_FIELDS = ("pk", "reference", "title", "stage", "next_step_due", "last_activity_on", "territory__name")
OWNER_FIELDS = ("owner__first_name", "owner__last_name", "owner__email")
NEXT_STEP_FIELDS = ("pk", "text", "due_date", "project_id", "project__title", *OWNER_FIELDS)
ACTION_FIELDS = (
    "pk",
    "description",
    "due_on",
    "owner_name",
    "meeting_id",
    "meeting__title",
    "meeting__committee__name",
) + OWNER_FIELDS
MEETING_FIELDS = ("pk", "title", "starts_at", "place", "status", "committee__name")
DECISION_FIELDS = (
    "pk",
    "outcome",
    "decided_on",
    "project_id",
    "project__reference",
    "project__title",
    "agenda_item__topic",
    "agenda_item__meeting__committee__name",
)
# What the figures read: any change to one of these tables forgets them.
FIGURE_TABLES = [Project, StageChange, Decision, AnimationEvent, FundingLine, Target, Actor, Sector, EngagedTerritory]
WORK_TABLES = [Project, NextStep, ActionItem, Meeting, AgendaItem, Decision, Committee, EngagedTerritory]


# --- The filters' choices --------------------------------------------------------------------------


def dashboard_choices():
    """{years, territories, sectors} the filters offer: the years from the first with data to next year, every
    engaged territory (TerritoryRow) and every sector (SectorRow), by name. Cached until one of them changes."""
    return aggregates.cached(
        "dashboard-choices",
        [timezone.localdate().year],
        _choices,
        depends_on=[Project, AnimationEvent, FundingLine, EngagedTerritory, Sector],
    )


def _first_year(rows, year):
    """The one-row query of the earliest `year` (an expression over the rows' MIN) of `rows`: no GROUP BY (the
    grouping on a constant is left out), so that several of them make one UNION."""
    return rows.order_by().annotate(one=Value(1)).values("one").annotate(first=year).values_list("first", flat=True)


def _choices():
    this_year = timezone.localdate().year
    # The first year with a project, an event or a funding line, in one query.
    first_years = _first_year(Project.objects, ExtractYear(Min("created_at"))).union(
        _first_year(AnimationEvent.objects, ExtractYear(Min("date"))),
        _first_year(FundingLine.objects, Min("year")),
        all=True,
    )
    first = max(min((year for year in first_years if year is not None), default=this_year), this_year - 50)
    territories = [
        TerritoryRow(*row)
        for row in EngagedTerritory.objects.order_by("name").values_list("pk", "slug", "name", "referent_actor_id")
    ]
    sectors = [SectorRow(*row) for row in Sector.objects.order_by("name").values_list("pk", "slug", "name")]
    return {"years": list(range(this_year + 1, first - 1, -1)), "territories": territories, "sectors": sectors}


# --- Links to the rows behind a figure -------------------------------------------------------------


def reader_kind(user):
    """Which links a reader may follow: coordinators', referents' (their lists open on their territories) or
    partners' (no project list)."""
    return user.role if user.role in (Role.COORDINATOR, Role.REFERENT) else Role.PARTNER


def _may_open(url, reader):
    if not url:
        return False
    if reader != Role.PARTNER:
        return True
    try:
        return resolve(urlsplit(url).path).url_name in PARTNER_LISTS
    except Resolver404:
        return False


def figure_url(key, scope, reader):
    """The list of the rows an indicator counts, in the scope, when the reader may open it; else None."""
    url = indicator_list_url(
        key,
        year=scope.year,
        territory=scope.single_territory if scope.perimeter == TERRITORY else None,
        sector=scope.sector_argument,
        region=scope.perimeter == REGION,
    )
    return url if _may_open(url, reader) else None


def project_list_query(scope, reader, **extra):
    """The project list's query string for the scope (its filters `territoire`, `filiere`, `perimetre`)."""
    params = {}
    if scope.perimeter == TERRITORY:
        params["territoire"] = scope.territories[0].slug
    elif scope.perimeter == REGION and reader == Role.REFERENT:
        params["perimetre"] = REGION_PERIMETER
    if scope.sector is not None:
        params["filiere"] = scope.sector.slug
    return urlencode({**params, **extra})


def dashboard_blocks(*, form, scope, user) -> dict:
    """The page's HTML blocks — the filters, the figures, the work blocks — from the cache in one pair of round
    trips (core.aggregates.cached_many), each computed only when a table it reads changed, and then side by side
    (core.parallel): the filter form and the work blocks in workers, the figures here."""
    reader = reader_kind(user)
    if form.errors:
        # Written afresh with its messages: a form with a refused value is nobody else's.
        written = {"filters_html": _render_filters(form)}
        blocks = {}
    else:
        written = {}
        blocks = {"filters_html": _filters(form)}
    # The figures last, computed here: they read their own parts side by side (`figures_context`).
    blocks |= {"work": _work(scope=scope, user=user), "figures": _figures(scope=scope, reader=reader)}
    values = aggregates.cached_many(list(blocks.values()), apart=True)
    return {**written, **dict(zip(blocks, values, strict=True))}


def _filters(form):
    """The filter form without a refused value: its drop-down of every territory costs more to write than the rest
    of a warm page, so it is kept, keyed by what it shows (the reader's role and own territories, the values
    chosen)."""
    own = "-".join(str(row.pk) for row in form.own)
    chosen = [form.data.get(name, "") for name in ("annee", "territoire", "filiere")]
    return aggregates.Aggregate(
        "dashboard-filters",
        [form.user.role, own or "none", *chosen, translation.get_language()],
        lambda: _render_filters(form),
        depends_on=[Project, AnimationEvent, FundingLine, EngagedTerritory, Sector],
    )


def _render_filters(form):
    return mark_safe(render_to_string("fabrique/dashboard/_filters.html", {"filters": form}))


# --- The figures -----------------------------------------------------------------------------------


def _figures(*, scope, reader):
    """The figure blocks of the scope as HTML (key figures, funnel, indicators against targets, funding,
    follow-up of the enterprises), kept while none of the tables they read changed."""
    parts = [*scope.cache_parts, reader, translation.get_language()]
    return aggregates.Aggregate(
        "dashboard-figures", parts, lambda: _render_figures(scope, reader), depends_on=FIGURE_TABLES
    )


def _targets(scope):
    """(targets, note): the year's targets where they apply (the region, or one territory, every sector), and
    otherwise why none is shown."""
    if scope.sector is not None:
        return {}, _(
            "Les objectifs sont fixés pour la région ou pour un territoire, toutes filières confondues : "
            "ils ne s’appliquent pas aux chiffres d’une filière."
        )
    if scope.perimeter == REGION:
        return indicators.targets_for(year=scope.year, territory=None), ""
    if scope.single_territory is not None:
        return indicators.targets_for(year=scope.year, territory=scope.single_territory), ""
    return {}, _(
        "Les objectifs sont fixés pour la région ou pour un territoire : choisissez l’un de vos territoires, "
        "ou l’ensemble de la région, pour les voir."
    )


def _funnel_and_funding(scope, arguments):
    """(pipeline steps, funder rows, the chart's first funders, (targets, note)): the figures' reads besides the
    indicators' counts (`indicators.counted_figures`), which they are read beside."""
    funders = indicators.funder_rows(**arguments)
    return (
        indicators.pipeline_steps(**arguments),
        funders,
        indicators.funding_per_funder(**arguments, funders=funders, first=CHART_ROWS),
        _targets(scope),
    )


def figures_context(scope, reader):
    """What the figure blocks show, read in a fixed number of queries whatever the number of rows: the funnel and
    the funding in a worker while the indicators are counted here (core.parallel)."""
    arguments = {"year": scope.year, "territory": scope.territory_argument, "sector": scope.sector_argument}
    (pipeline, funders, first_funders, (targets, targets_note)), counted = side_by_side(
        [lambda: _funnel_and_funding(scope, arguments), lambda: indicators.counted_figures(**arguments)]
    )
    values = indicators.indicators_for(**arguments, pipeline=pipeline, funders=funders, counted=counted)
    rows = indicator_rows(values, targets, sector=scope.sector)
    for row in rows:
        # A blank figure (no enterprise to compute a median on) has no rows to open.
        row["url"] = figure_url(row["key"], scope, reader) if row["value"] is not None else None
    by_key = {row["key"]: row for row in rows}
    stages = indicators.pipeline_by_stage(pipeline)
    # The chart's funders, written out; the others are summed in one row of its table.
    shown_funding = funding_rows(first_funders)
    others = _others(first_funders, funders, values)
    return {
        "scope": scope,
        "key_figures": [by_key[key] for key in KEY_FIGURES],
        "follow_up": [by_key[key] for key in FOLLOW_UP_FIGURES],
        "indicators": rows,
        "targets_shown": bool(targets),
        "targets_note": targets_note,
        "funnel_chart": bar_chart(
            chart_id="graphique-entonnoir",
            title=_("Projets par étape au 31 décembre %(year)s") % {"year": scope.year},
            labels=[label for _step, label, _count in stages],
            series=[Series(_("Projets"), [count for _step, _label, count in stages])],
            unit=indicators.COUNT,
        ),
        "funnel_caption": _("Projets par étape au 31 décembre %(year)s") % {"year": scope.year},
        "funnel_head": [_("Étape"), _("Projets")],
        "funnel_rows": [(label, indicators.display(count, indicators.COUNT)) for _step, label, count in stages],
        "funding_chart": funding_chart(
            shown_funding,
            chart_id="graphique-financeurs",
            title=_("Financements demandés et accordés par financeur"),
            description=_("Les 15 premiers financeurs.") if others else "",
        ),
        "funding_caption": _("Financements demandés et accordés par financeur"),
        "funding_head": [_("Financeur"), _("Projets"), _("Demandé"), _("Accordé")],
        "funding_table": _funding_table(shown_funding, others),
        "funding_foot": [
            _("Total"),
            "",
            by_key["funding_requested"]["display"],
            by_key["funding_granted"]["display"],
        ],
    }


def _others(shown, funders, values):
    """(number, requested, granted) of the funders the chart leaves out: every funder's totals (the funding
    indicators) less those of the `shown` (`funding_per_funder` rows); None when the chart shows them all."""
    count = len(funders) - len(shown)
    if not count:
        return None
    requested = values["funding_requested"] - sum((row["funding_requested"] for row in shown), indicators.ZERO)
    granted = values["funding_granted"] - sum((row["funding_granted"] for row in shown), indicators.ZERO)
    return count, requested, granted


def _funding_table(shown, others):
    """The table under the funding chart: the funders the chart shows (`funding_rows`), then the others (`_others`)
    in one row; the funder totals page, which the funding figures link to, lists every one."""
    table = [(row["funder"], row["projects"], row["requested_display"], row["granted_display"]) for row in shown]
    if others:
        count, requested, granted = others
        label = ngettext("%(count)s autre financeur", "%(count)s autres financeurs", count) % {
            "count": indicators.display(count, indicators.COUNT)
        }
        table.append(
            (label, "", indicators.display(requested, indicators.EUROS), indicators.display(granted, indicators.EUROS))
        )
    return table


def _render_figures(scope, reader):
    return render_to_string("fabrique/dashboard/_figures.html", figures_context(scope, reader))


# --- The work blocks -------------------------------------------------------------------------------


def _committee_condition(scope, prefix=""):
    """Meetings and action items of the regional committees and of the scope's territories' committees."""
    if scope.perimeter == REGION:
        return Q()
    return Q(**{f"{prefix}territory__isnull": True}) | Q(**{f"{prefix}territory__in": scope.territory_ids})


def _project_condition(scope, prefix=""):
    condition = Q()
    if scope.perimeter != REGION:
        condition &= Q(**{f"{prefix}territory__in": scope.territory_ids})
    if scope.sector is not None:
        condition &= Q(**{f"{prefix}sector": scope.sector.pk})
    return condition


def _decisions(scope, user):
    decisions = decision_list(user=user)
    if scope.perimeter != REGION:
        # Those on the territories' projects, and those on no project of their committees or the region's: two
        # subqueries of ids, so that the latest are read from the date's index (an OR across the joined tables
        # made the database join every decision of the country first); the projects' ids from the projects of
        # the territories (a subquery of decisions joined to them read every decision of the country).
        projects = Project.objects.filter(territory__in=scope.territory_ids).values("pk")
        on_no_project = Decision.objects.filter(
            Q(agenda_item__meeting__committee__territory__in=scope.territory_ids)
            | Q(agenda_item__meeting__committee__territory__isnull=True),
            project__isnull=True,
        ).values("pk")
        decisions = decisions.filter(Q(project__in=projects) | Q(pk__in=on_no_project))
    if scope.sector is not None:
        decisions = decisions.filter(project__sector=scope.sector.pk)
    # The latest only, read from the date's index: the block links to the list of all, so needs no count (a
    # count over every decision the reader may read would cost more than the rest of the page).
    rows = list(decisions.order_by("-decided_on", "-pk").values(*DECISION_FIELDS)[:WORK_ROWS])
    return Block(rows=rows, total=len(rows))


def _upcoming_meetings(scope, user, now):
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(_committee_condition(scope, "committee__"), starts_at__gte=now)
        .order_by("starts_at", "pk")
    )
    return first_rows(meetings, limit=WORK_ROWS, fields=MEETING_FIELDS)


def _staff_blocks(scope, user, today, now):
    """The blocks of coordinators and referents, who read every project, meeting and decision."""
    stalled = Project.objects.filter(_project_condition(scope), stalled_condition(today)).order_by(
        F("next_step_due").asc(nulls_last=True), "last_activity_on", "pk"
    )
    next_steps = NextStep.objects.filter(
        _project_condition(scope, "project__"), done_at__isnull=True, due_date__lt=today
    ).order_by("due_date", "pk")
    actions = ActionItem.objects.filter(
        _committee_condition(scope, "meeting__committee__"), done_on__isnull=True, due_on__lt=today
    ).order_by("due_on", "pk")
    # Hundreds or thousands of rows at national scale: counted together apart, the first ones read from their
    # partial indexes (a window would join and number every one of them).
    big = {
        "stalled": (stalled, STALLED_FIELDS),
        "next_steps": (next_steps, NEXT_STEP_FIELDS),
        "action_items": (actions, ACTION_FIELDS),
    }
    return {
        **counted_apart(big, limit=WORK_ROWS),
        "meetings": _upcoming_meetings(scope, user, now),
        "decisions": _decisions(scope, user),
    }


def _work(*, scope, user, today=None):
    """The work blocks as HTML: for coordinators and referents, stalled projects, overdue next steps and action
    items, meetings to come and the latest decisions (cached, the same for each of them in a scope, and
    forgotten within the hour a meeting starts or at midnight for what is overdue); for partners, the meetings
    to come and the decisions of their committees (cached for those who sit on the same committees)."""
    today = today or timezone.localdate()
    now = timezone.now()
    reader = reader_kind(user)
    parts = [*scope.cache_parts, reader, today.isoformat(), now.strftime("%H"), translation.get_language()]
    if reader == Role.PARTNER:
        # What a partner reads depends on the committees they sit on today: kept per partner (reading their seats
        # to share the block with those on the same committees would cost a query on every warm page), and
        # forgotten when a seat or the partner's account changes.
        return aggregates.Aggregate(
            "dashboard-work-partner",
            [*parts, user.pk],
            lambda: _render_work(_partner_blocks(scope, user, now), scope, reader, today),
            depends_on=[*WORK_TABLES, CommitteeMember, User],
        )
    return aggregates.Aggregate(
        "dashboard-work",
        parts,
        lambda: _render_work(_staff_blocks(scope, user, today, now), scope, reader, today),
        depends_on=WORK_TABLES,
    )


def _partner_blocks(scope, user, now):
    return {"meetings": _upcoming_meetings(scope, user, now), "decisions": _decisions(scope, user)}


def _render_work(blocks, scope, reader, today):
    context = {**blocks, "scope": scope, "reader": reader, "today": today, "partner": reader == Role.PARTNER}
    if "stalled" in blocks:
        context["stalled_url"] = f"{reverse('project_list')}?{project_list_query(scope, reader, arret=STALLED)}"
    return render_to_string("fabrique/dashboard/_work.html", context)


# --- The coordinator's home ------------------------------------------------------------------------


def coordinator_to_do(*, user):
    """What waits for a coordinator above the dashboard on their home: the citizen ideas to review (every
    territory's) and the pending invitations (every coordinator reads them all): the same for every coordinator,
    kept until a need or an invitation changes, and read again each minute (an invitation expires by the clock)."""

    def compute():
        return {
            "ideas_to_review": Need.objects.filter(status=Need.Status.TO_REVIEW).count(),
            "pending_invitations": invitation_pending_count(user=user),
        }

    if user.role != Role.COORDINATOR:
        return compute()
    minute = timezone.now().strftime("%Y%m%d%H%M")
    return aggregates.cached("home-coordinator", [minute], compute, depends_on=[Need, Invitation])
