"""The benchmark behind `manage.py bench`: every list page and a sample of detail pages, per role, beside the
Django admin page of the same model (a search beside the admin's search of the same words), the exports and the
build of an annual committee pack (with the exports), and a minimal view as the floor.

Pages are requested in-process through django.test.Client (the whole middleware stack, no network) as the
accounts of `seed_scale`; the time is the server's (request built, view run, response rendered), the query
count from CaptureQueriesContext. Each page and its admin counterpart are requested in turn in one loop, so a
change of the machine's load touches both alike and their ratio stays meaningful.
"""

import math
import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, get_resolver, path, reverse

from core import aggregates
from core.export_measure import measure_export
from core.roles import Role
from governance.models import AgendaItem, Committee, Decision, Meeting
from governance.packs.measure import measure_pack_build
from governance.scale import REGION_STEERING, pack_year
from projects.models import FundingLine, Initiative, JournalEntry, Project, StageChange
from territories.models import Actor, AnimationEvent, Cooperation, EngagedTerritory, Need, Opportunity
from territories.selectors.needs import need_list, opportunity_list
from territories.views.needs import NEED_COLUMNS, OPPORTUNITY_COLUMNS

from . import urls as project_urls
from .models import Invitation, User
from .scale import BENCH_EMAILS

# A page aims at half of the admin's time or less.
TARGET_RATIO = 0.5
READERS = (Role.COORDINATOR, Role.REFERENT, Role.PARTNER)
EDITORS = (Role.COORDINATOR, Role.REFERENT)
# The public, signed out: the open data.
ANONYMOUS = "anonymous"
OK_PATH = "__bench__/ok/"


def ok(request):
    """The floor: a view doing nothing, behind the same middleware as every page."""
    return HttpResponse("ok", content_type="text/plain")


# The bench's URLconf: the project's, plus the floor view, which the public site never serves.
urlpatterns = [path(OK_PATH, ok, name="bench_ok"), *project_urls.urlpatterns]
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500


@dataclass(frozen=True)
class Page:
    name: str
    kind: str  # "list", "detail" or "home"
    url_name: str
    admin_model: str  # "<app>_<model>" of the admin changelist beside it; the admin index when empty
    roles: tuple = READERS
    sample: str = ""  # for a detail page: the key of its object in `samples()`; for a list, its territory's
    # Measured with every cached aggregate forgotten before each request (the first reader after a change).
    cold: bool = False
    # The page's own target, where the issue sets one: a share of the admin's median (`ratio`), and a median in
    # milliseconds that it must not pass (`ms`).
    ratio: float = TARGET_RATIO
    ms: float | None = None
    # A search: the words asked of the page (?q=) and of the admin changelist beside it (its own ?q=). With
    # `search_sample`, the admin searches the words of the sample's title instead: what the page suggests from.
    search: str = ""
    search_sample: bool = False


LIST_PAGES = [
    Page("needs", "list", "need_list", "territories_need"),
    Page("opportunities", "list", "opportunity_list", "territories_opportunity"),
    Page("actors", "list", "actor_list", "territories_actor"),
    Page("cooperations", "list", "cooperation_list", "territories_cooperation"),
    Page("events", "list", "event_list", "territories_animationevent"),
    Page("sectors", "list", "sector_list", "territories_sector"),
    # The library's search, beside the admin's search of the same words: one word, a phrase, a typo.
    Page("initiatives-search-word", "list", "initiative_list", "projects_initiative", search="garage"),
    Page("initiatives-search-phrase", "list", "initiative_list", "projects_initiative", search='"garage solidaire"'),
    Page("initiatives-search-typo", "list", "initiative_list", "projects_initiative", search="garrage"),
    Page("territories", "list", "territory_list", "territories_engagedterritory"),
    Page("invitations", "list", "invitation_list", "fabrique_invitation", roles=EDITORS),
    # The project list filtered to one territory, as a referent opens it from their home; the board, whole.
    Page("projects", "list", "project_list", "projects_project", sample="territory"),
    Page("board", "list", "project_board", "projects_project"),
    # Partners read the committees they sit on (the scale partner's organisation sits on the region's).
    Page("committees", "list", "committee_list", "governance_committee"),
    Page("decisions", "list", "decision_list", "governance_decision"),
    Page("home", "home", "home", ""),
    # The dashboard, for the region (each reader's default) and for one territory of the referent: with a cold
    # cache at most the admin changelist of projects, warm at most 10 ms.
    Page("dashboard", "dashboard", "dashboard", "projects_project", ratio=1.0, cold=True),
    Page("dashboard-warm", "dashboard", "dashboard", "projects_project", ms=10.0),
    Page(
        "dashboard-territory",
        "dashboard",
        "dashboard",
        "projects_project",
        roles=EDITORS,
        sample="territory",
        ratio=1.0,
        cold=True,
    ),
    Page(
        "dashboard-territory-warm",
        "dashboard",
        "dashboard",
        "projects_project",
        roles=EDITORS,
        sample="territory",
        ms=10.0,
    ),
    # The open data, public: served from the cache (its first build is measured cold, for the record).
    Page("opendata-json", "open data", "indicators_json", "projects_project", roles=(ANONYMOUS,)),
    Page("opendata-csv", "open data", "indicators_csv", "projects_project", roles=(ANONYMOUS,)),
    Page(
        "opendata-json-cold",
        "open data",
        "indicators_json",
        "projects_project",
        roles=(ANONYMOUS,),
        cold=True,
        ratio=None,
    ),
]
DETAIL_PAGES = [
    Page("need", "detail", "need_detail", "territories_need", sample="need"),
    # The same page with its block of suggested initiatives computed afresh (cold: the block is otherwise kept until
    # the need or the library changes), beside the admin's search of the initiatives for the words of the need's
    # title: the block's work is that search (the page with the block kept is measured as "need").
    Page(
        "need-suggestions",
        "detail",
        "need_detail",
        "projects_initiative",
        sample="need",
        search_sample=True,
        cold=True,
    ),
    Page("actor", "detail", "actor_detail", "territories_actor", sample="actor"),
    Page("territory", "detail", "territory_detail", "territories_engagedterritory", sample="territory"),
    Page("event", "detail", "event_detail", "territories_animationevent", sample="event"),
    # Partners read only the projects put before their committees: none at scale.
    Page("project", "detail", "project_detail", "projects_project", roles=EDITORS, sample="project"),
    # The region's steering committee and its latest meeting with approved minutes: readable by every role.
    Page("committee", "detail", "committee_detail", "governance_committee", sample="committee"),
    Page("meeting", "detail", "meeting_detail", "governance_meeting", sample="meeting"),
]
PAGES = LIST_PAGES + DETAIL_PAGES

# Exports of the coordinator's whole list (every row, unfiltered): (name, rows of the user, columns).
EXPORTS = [
    ("needs", need_list, NEED_COLUMNS),
    ("opportunities", opportunity_list, OPPORTUNITY_COLUMNS),
]


class BenchSetupError(Exception):
    pass


def bench_users():
    """{role: user} of the accounts `seed_scale` creates."""
    users = {user.email: user for user in User.objects.filter(email__in=BENCH_EMAILS.values())}
    missing = [email for email in BENCH_EMAILS.values() if email not in users]
    if missing:
        raise BenchSetupError(
            f"Comptes de mesure absents ({', '.join(missing)}) : lancez d'abord « python manage.py seed_scale »."
        )
    return {role: users[email] for role, email in BENCH_EMAILS.items()}


def samples(referent):
    """The objects of the detail pages, in the referent's territories and readable by every role.

    Each has something in every block of its page, and the actor also works in a territory of another
    referent (so the referent may propose it, not edit it): pages then compare alike from one database to
    another, whatever its size.
    """
    own = EngagedTerritory.objects.filter(referent_actor_id=referent.organisation_id)
    others = EngagedTerritory.objects.exclude(referent_actor_id=referent.organisation_id)
    # Projects of a territory put before the region's steering committee once convened: the partner, who sits on
    # it, reads them too, so that the projects list filtered to the territory has rows for every role (whether it
    # has any otherwise depends on the day the base was seeded: an empty list spares its page query).
    before_region = AgendaItem.objects.filter(
        project__territory=OuterRef("pk"), meeting__committee__name=REGION_STEERING
    ).exclude(meeting__status=Meeting.Status.PLANNED)
    found = {
        "territory": own.filter(Exists(before_region)).order_by("pk").first(),
        "need": Need.objects.filter(territory__in=own, opportunities__isnull=False, events__isnull=False)
        .exclude(status__in=[Need.Status.TO_REVIEW, Need.Status.DECLINED])
        .order_by("pk")
        .first(),
        # An association or an enterprise, like most of the directory: not the CRESS, which works everywhere.
        "actor": Actor.objects.filter(territories__in=own, contacts__isnull=False, cooperations__isnull=False)
        .filter(territories__in=others, kind__in=[Actor.Kind.ASSOCIATION, Actor.Kind.ESS_ENTERPRISE])
        .order_by("pk")
        .first(),
        "event": AnimationEvent.objects.filter(territory__in=own, partners_present__isnull=False, needs__isnull=False)
        .order_by("pk")
        .first(),
        # A project past its first stages, with a journal and funding lines: every block of its page filled.
        "project": Project.objects.filter(
            territory__in=own, stage__in=[Project.Stage.TRANSMITTED, Project.Stage.INCUBATION]
        )
        .filter(
            Exists(JournalEntry.objects.filter(project=OuterRef("pk"))),
            Exists(FundingLine.objects.filter(project=OuterRef("pk"))),
        )
        .order_by("pk")
        .first(),
        "committee": Committee.objects.filter(name=REGION_STEERING).first(),
        # A meeting of that committee with every block filled: agenda, decisions, attendance, action items.
        "meeting": Meeting.objects.filter(committee__name=REGION_STEERING, status=Meeting.Status.MINUTES_APPROVED)
        .filter(
            Exists(Decision.objects.filter(agenda_item__meeting=OuterRef("pk"))),
            attendances__isnull=False,
            action_items__isnull=False,
        )
        .order_by("-starts_at")
        .first(),
    }
    missing = [name for name, obj in found.items() if obj is None]
    if missing:
        raise BenchSetupError(
            f"Données insuffisantes pour les pages de détail ({', '.join(missing)}) : relancez seed_scale."
        )
    return found


def served_pages():
    """The pages whose URL the site serves, beside an admin page it registers (an app's pages may come later
    than its bench entry)."""
    names = get_resolver().reverse_dict

    def has_admin(page):
        try:
            reverse(f"admin:{page.admin_model}_changelist")
        except NoReverseMatch:
            return False
        return True

    return [page for page in PAGES if page.url_name in names and (not page.admin_model or has_admin(page))]


def title_words(title):
    """The words of a title a search reads: its words of letters (not « n° » nor a number)."""
    return " ".join(word for word in title.split() if sum(char.isalpha() for char in word) > 2)


def with_query(url, params):
    return f"{url}?{urlencode(params)}" if params else url


def urls_of(page, objects):
    """(page URL, admin URL) of a page."""
    admin_url = reverse(f"admin:{page.admin_model}_changelist" if page.admin_model else "admin:index")
    if page.search_sample:
        admin_url = with_query(admin_url, {"q": title_words(objects[page.sample].title)})
    elif page.search:
        admin_url = with_query(admin_url, {"q": page.search})
    search = {"q": page.search} if page.search else {}
    if page.kind != "detail":
        territory = {"territoire": objects[page.sample].slug} if page.sample else {}
        return with_query(reverse(page.url_name), territory | search), admin_url
    obj = objects[page.sample]
    url = reverse(page.url_name, args=[obj.slug if page.sample == "territory" else obj.pk])
    return with_query(url, search), admin_url


@dataclass
class Samples:
    """Times (ms), query counts and status codes of the measured runs of one URL."""

    times: list
    queries: list
    statuses: list

    def summary(self, url):
        return {
            "url": url,
            "status": max(self.statuses, key=self.statuses.count),
            "median_ms": round(statistics.median(self.times), 2),
            "p95_ms": round(percentile(self.times, 95), 2),
            # Constant from run to run on a sound page; the highest is reported should one differ.
            "queries": max(self.queries),
        }


def percentile(values, rank):
    """The nearest-rank percentile: with 10 runs, the 95th is the slowest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(rank / 100 * len(ordered)) - 1)]


def count_queries(client, url, samples, before=None):
    """Request `url` once with its queries recorded (the warm-up): the count goes to `samples`."""
    if before:
        before()
    with CaptureQueriesContext(connection) as queries:
        client.get(url, secure=True)
    samples.queries.append(len(queries.captured_queries))


def measure(client, url, samples=None, before=None):
    """Request `url` once, after `before()` (untimed); appends its time and status to `samples`.

    Timed without recording the queries: the recording wraps every query and would weigh on a page of many
    small queries more than on the admin's few, a cost that production does not pay.
    """
    if before:
        before()
    started = time.perf_counter()
    response = client.get(url, secure=True)
    elapsed = (time.perf_counter() - started) * 1000
    if samples is not None:
        samples.times.append(elapsed)
        samples.statuses.append(response.status_code)
    return response


def measure_pair(page_client, url, admin_client, admin_url, runs, page=None):
    """A page and its admin counterpart, in turn: a warm-up of each (its queries counted), then `runs` of each.
    A `cold` page is requested with every cached aggregate forgotten; a page with its own target (`ratio`, `ms`)
    is held to it."""
    page = page or Page("", "", "", "")
    before = aggregates.forget_all if page.cold else None
    measured, admin = Samples([], [], []), Samples([], [], [])
    if not page.cold:
        # Warm: the count is the one of a page whose cached parts are there, as every later run finds them.
        measure(page_client, url)
    count_queries(page_client, url, measured, before)
    count_queries(admin_client, admin_url, admin)
    for _ in range(runs):
        measure(page_client, url, measured, before)
        measure(admin_client, admin_url, admin)
    page_summary = measured.summary(url)
    admin_summary = admin.summary(admin_url)
    ratio = page_summary["median_ms"] / admin_summary["median_ms"] if admin_summary["median_ms"] else None
    page_summary["admin"] = admin_summary
    page_summary["ratio"] = round(ratio, 3) if ratio is not None else None
    page_summary["cache"] = "cold" if page.cold else "warm"
    page_summary["target"] = {"ratio": page.ratio, "ms": page.ms}
    page_summary["meets_target"] = (
        (page.ratio is None or (ratio is not None and ratio <= page.ratio))
        and (page.ms is None or page_summary["median_ms"] <= page.ms)
        and page_summary["status"] == admin_summary["status"] == 200
    )
    return page_summary


def logged_in(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def bench_settings():
    """The settings the bench runs under: the test client's host allowed, and no two-factor enrolment
    redirect for the coordinator (the bench measures pages, not the enrolment page), and no rate limit on the
    open data (its loop asks them more often than a client may)."""
    return override_settings(
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        MFA_REQUIRED_FOR_COORDINATORS=False,
        OPENDATA_RATE_LIMIT=0,
    )


def bench_run(*, runs=10, exports=True, pages=None, progress=None):
    """The whole benchmark as a dict (see `manage.py bench`); `pages` limits it to pages of these names."""
    users = bench_users()
    with bench_settings():
        clients = {role: logged_in(user) for role, user in users.items()}
        clients[ANONYMOUS] = logged_in(None)
        objects = samples(users[Role.REFERENT])
        admin_client = clients[Role.STAFF]
        result = {
            "database": connection.vendor,
            "runs": runs,
            "target_ratio": TARGET_RATIO,
            "rows": database_rows(),
            "floor": floor(clients[Role.COORDINATOR], runs),
            "pages": {},
            "exports": {},
            "pack": {},
        }
        for page in served_pages():
            if pages and page.name not in pages:
                continue
            url, admin_url = urls_of(page, objects)
            entry = {"kind": page.kind, "roles": {}}
            for role in page.roles:
                if progress:
                    progress(f"{page.name} ({role})")
                entry["roles"][str(role)] = measure_pair(clients[role], url, admin_client, admin_url, runs, page)
            result["pages"][page.name] = entry
        if exports:
            result["exports"] = exports_run(users[Role.COORDINATOR], progress)
            result["pack"] = pack_run(progress)
        for client in clients.values():
            client.logout()
    result["misses"] = misses(result)
    return result


def page_query_counts():
    """{(page, role): query count} of every page, each requested once after a warm-up: the budgets that the
    tests compare at two sizes of the database."""
    users = bench_users()
    counts = {}
    with bench_settings():
        objects = samples(users[Role.REFERENT])
        for role in (*READERS, ANONYMOUS):
            client = logged_in(users.get(role))
            for page in served_pages():
                if role in page.roles:
                    url = urls_of(page, objects)[0]
                    before = aggregates.forget_all if page.cold else None
                    measure(client, url, before=before)
                    runs = Samples([], [], [])
                    count_queries(client, url, runs, before)
                    counts[page.name, str(role)] = runs.queries[0]
            client.logout()
    return counts


def floor(client, runs):
    url = reverse("bench_ok")
    runs_samples = Samples([], [], [])
    count_queries(client, url, runs_samples)
    for _ in range(runs):
        measure(client, url, runs_samples)
    return runs_samples.summary(url)


def exports_run(user, progress=None):
    """Time and peak memory of each export of the user's whole list, in CSV and XLSX."""
    measured = {}
    # Closing a response ends a request, which closes the database connection (close_old_connections):
    # harmless between two requests, but it would end a transaction the bench runs in. The test client
    # detaches it the same way.
    request_finished.disconnect(close_old_connections)
    try:
        for name, rows_of, columns in EXPORTS:
            for kind in ("csv", "xlsx"):
                if progress:
                    progress(f"export {name}.{kind}")
                rows = rows_of(user=user)
                measured[f"{name}.{kind}"] = {
                    "rows": rows.count(),
                    **measure_export(rows, columns, kind, basename=name),
                }
    finally:
        request_finished.connect(close_old_connections)
    return measured


def pack_run(progress=None):
    """Time and peak memory of a build of the region's committee pack of the scale's pack year (last year), in
    this process (the peak is the process's resident memory, the bench's own included: `start_mb` says how
    much of it was there before); the measured version is deleted afterwards."""
    committee = Committee.objects.filter(name=REGION_STEERING).first()
    if committee is None:
        return {}
    year = pack_year()
    if progress:
        progress(f"dossier annuel {year}")
    on_agendas = (
        AgendaItem.objects.filter(meeting__committee=committee, meeting__starts_at__year=year, project__isnull=False)
        .values("project")
        .distinct()
        .count()
    )
    return {
        "committee": committee.name,
        "year": year,
        "projects of the year": Project.objects.filter(created_at__year=year).count(),
        "projects on agendas": on_agendas,
        **measure_pack_build(committee=committee, year=year),
    }


def database_rows():
    return {
        "territories": EngagedTerritory.objects.count(),
        "actors": Actor.objects.count(),
        "needs": Need.objects.count(),
        "opportunities": Opportunity.objects.count(),
        "events": AnimationEvent.objects.count(),
        "cooperations": Cooperation.objects.count(),
        "invitations": Invitation.objects.count(),
        "projects": Project.objects.count(),
        "stage changes": StageChange.objects.count(),
        "journal entries": JournalEntry.objects.count(),
        "funding lines": FundingLine.objects.count(),
        "initiatives": Initiative.objects.count(),
        "committees": Committee.objects.count(),
        "meetings": Meeting.objects.count(),
        "agenda items": AgendaItem.objects.count(),
        "decisions": Decision.objects.count(),
    }


def misses(result):
    """The pages whose median is over the target share of the admin's, with both medians and the ratio."""
    found = []
    for name, entry in result["pages"].items():
        for role, measured in entry["roles"].items():
            if not measured["meets_target"]:
                found.append(
                    {
                        "page": name,
                        "role": role,
                        "median_ms": measured["median_ms"],
                        "admin_median_ms": measured["admin"]["median_ms"],
                        "ratio": measured["ratio"],
                        "status": measured["status"],
                    }
                )
    return found
