"""Odd query strings never crash a page: every GET page of the project, for every role, answers below 500.

The pages come from the URL patterns themselves (the enumeration and URL-argument builders of the
access-policy test), so a page added to any app is fuzzed without anyone listing it here; a URL argument
with no builder fails the test and says where to add one.
"""

import datetime
import time
from html import escape
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse

from core.filters import NUL_IN_QUERY
from core.listing import PER_PAGE
from core.roles import Role
from governance.filters.decisions import DecisionFilter
from projects.filters.projects import ProjectFilter
from territories.models import Commune, Departement, Region

from .fabrique.factories import UserFactory
from .fabrique.test_url_policies import ARGUMENT_BUILDERS, argument_names, own_urls
from .territories.factories import AnimationEventFactory, EngagedTerritoryFactory, NeedFactory

ROLES = [None, Role.COORDINATOR, Role.REFERENT, Role.PARTNER, Role.STAFF]

# Asked of every page, whether it knows them or not; each page's own GET form fields come on top.
COMMON_PARAMETERS = [
    "q",
    "page",
    "annee",
    "territoire",
    "filiere",
    "statut",
    "export",
    "tri",
    "sector",
    "status",
    "year",
    # Set by the dashboard's links, and shown in a list's form only then (core.filters.StyledFilterSet.shown_when_set).
    *ProjectFilter.shown_when_set,
    *DecisionFilter.shown_when_set,
    "perimetre",
]

# One request per value per page and role, every parameter of the page set to that value at once.
ODD_VALUES = {
    "negative": "-1",
    "zero": "0",
    "year 10000": "10000",
    "huge": "999999999999",
    "NUL": "a\x00b",
    "very long": "x" * 5000,
    "array": ["1", "2"],
    "empty": "",
}
# Accents, an emoji, a right-to-left mark with Arabic letters, then bytes that are not UTF-8 at all (which
# only a raw query string can carry): one value, as every page reads them through the same decoding.
RAW_VALUES = {"unicode": quote("é🙂\u200fابc") + "%FF%FE"}

# What a refused role is still sent: the login redirect carries the query back in `next`.
REFUSAL_CHECKS = {"NUL", "very long", "unicode"}

# Pages whose 5xx is their answer, not a crash: /health says 503 when the database or Redis is down.
STATUS_PAGES = {"health"}


class GetFormFields(HTMLParser):
    """The names of the fields of the page’s GET forms: the query parameters the page itself offers."""

    def __init__(self):
        super().__init__()
        self.names = set()
        self._in_get_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif self._in_get_form and tag in ("input", "select", "textarea") and attrs.get("name"):
            self.names.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False


def page_parameters(response):
    names = set(COMMON_PARAMETERS)
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        parser = GetFormFields()
        parser.feed(response.content.decode(errors="replace"))
        names |= parser.names
    return sorted(names)


def odd_queries(names):
    """(label, query string) pairs: each odd value given to every parameter at once."""
    for label, value in ODD_VALUES.items():
        yield label, urlencode({name: value for name in names}, doseq=True)
    for label, raw in RAW_VALUES.items():
        yield label, "&".join(f"{quote(name)}={raw}" for name in names)


def get_pages(user):
    """(name, URL, policy) of every page of the project, its arguments pointing to objects the user may open."""
    for route, namespace, name, callback in own_urls():
        kwargs = {}
        for argument in argument_names(route):
            assert argument in ARGUMENT_BUILDERS, (
                f"<{argument}> of {name} ({route}) has no builder: add one to ARGUMENT_BUILDERS in "
                "tests/fabrique/test_url_policies.py so this page is fuzzed and its policy checked"
            )
            kwargs[argument] = ARGUMENT_BUILDERS[argument](user)
        yield name, reverse(f"{namespace}:{name}" if namespace else name, kwargs=kwargs), callback.access_policy


def crashed(response, name):
    if response.status_code < 500 or (name in STATUS_PAGES and response.status_code == 503):
        return None
    error = response.exc_info[1] if getattr(response, "exc_info", None) else None
    return f"{response.status_code} {type(error).__name__}: {str(error)[:200]}" if error else str(response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
def test_no_query_string_crashes_a_page(client, role):
    # Collect every crash rather than stop at the first, so one run shows the whole list to fix.
    client.raise_request_exception = False
    user = UserFactory(role=role) if role else None
    if user:
        client.force_login(user)
    started = time.monotonic()
    failures, requests, pages = [], 0, 0
    for name, url, access in get_pages(user):
        pages += 1
        first = client.get(url)
        requests += 1
        if problem := crashed(first, name):
            failures.append(f"{url} (no query): {problem}")
            continue
        queries = odd_queries(page_parameters(first))
        if not (access.allows(user) if user else not access.login_required):
            # Refused before the view runs: only the refusal itself (login redirect, 403 page) reads the query.
            queries = [(label, query) for label, query in queries if label in REFUSAL_CHECKS]
        for label, query in queries:
            response = client.get(f"{url}?{query}")
            requests += 1
            if problem := crashed(response, name):
                failures.append(f"{url} ({label}): {problem}")
    print(f"\n{role or 'anonymous'}: {pages} pages, {requests} requests in {time.monotonic() - started:.1f} s")
    assert pages >= 20, "the URL enumeration found too few pages"
    assert failures == [], f"{role or 'anonymous'} crashed pages with odd query strings:\n" + "\n".join(failures)


# --- The reported cases, one by one ----------------------------------------------------------------

EVENTS_URL = reverse("event_list")
CREATE_PAGES = ["need_create", "opportunity_create", "event_create", "cooperation_create"]


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["-1", "0", "10000", "999999999999", "2026.5", "deux mille"])
@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.REFERENT, Role.PARTNER])
def test_event_list_answers_an_impossible_year_with_a_message(client, role, year):
    AnimationEventFactory(title="Séance de Beauvais", date=datetime.date(2026, 4, 2))
    client.force_login(UserFactory(role=role))
    response = client.get(EVENTS_URL, {"annee": year})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Saisissez une année entre 1900 et 2100." in page
    # The wrong year filters nothing out: the list is the unfiltered one.
    assert "Séance de Beauvais" in page


@pytest.mark.django_db
def test_event_list_still_filters_by_a_real_year(client, coordinator):
    AnimationEventFactory(title="Séance de 2026", date=datetime.date(2026, 4, 2))
    AnimationEventFactory(title="Séance de 2025", date=datetime.date(2025, 4, 2))
    client.force_login(coordinator)
    page = client.get(EVENTS_URL, {"annee": "2026"}).content.decode()
    assert "Séance de 2026" in page and "Séance de 2025" not in page
    assert "Saisissez une année" not in page


@pytest.mark.parametrize("name", CREATE_PAGES)
def test_create_pages_ignore_a_territory_holding_nul(client, postgresql, referent, name):
    territory = EngagedTerritoryFactory(referent_actor=referent.organisation)
    # A second territory: with one only, it is preselected whatever the query says.
    EngagedTerritoryFactory(referent_actor=referent.organisation)
    client.force_login(referent)
    url = reverse(name)

    response = client.get(url, {"territoire": f"{territory.slug}\x00"})

    assert response.status_code == 200
    assert f'value="{territory.pk}" selected' not in response.content.decode()
    # A real slug still preselects the territory.
    assert f'value="{territory.pk}" selected' in client.get(url, {"territoire": territory.slug}).content.decode()


@pytest.mark.parametrize("name", CREATE_PAGES)
def test_create_pages_ignore_a_territory_the_user_may_not_add_to(client, db, referent, name):
    other = EngagedTerritoryFactory()
    client.force_login(referent)
    response = client.get(reverse(name), {"territoire": other.slug})
    assert response.status_code == 200
    assert f'value="{other.pk}" selected' not in response.content.decode()


def test_perimeter_search_ignores_a_text_holding_nul(client, postgresql, coordinator):
    region = Region.objects.create(code="32", name="Hauts-de-France")
    oise = Departement.objects.create(code="60", name="Oise", region=region)
    Commune.objects.create(code="60463", name="Nogent-sur-Oise", departement=oise, population=19000)
    client.force_login(coordinator)
    url = reverse("perimeter_search")

    response = client.get(url, {"q": "a\x00b"})

    assert response.status_code == 200
    assert "Nogent-sur-Oise" not in response.content.decode()
    assert "Nogent-sur-Oise" in client.get(url, {"q": "Nogent"}).content.decode()


def test_a_list_filter_holding_nul_is_reported_on_its_field(client, postgresql, coordinator):
    territory = EngagedTerritoryFactory(name="Beauvaisis")
    NeedFactory(title="Garde d’enfants en horaires décalés", territory=territory)
    client.force_login(coordinator)

    response = client.get(reverse("need_list"), {"territoire": f"{territory.slug}\x00", "q": "a\x00b"})

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(escape(str(NUL_IN_QUERY))) == 2
    assert "Garde d’enfants en horaires décalés" in page


@pytest.mark.django_db
@pytest.mark.parametrize("number, expected", [("abc", 1), ("-1", 1), ("0", 1), ("999999999999", 2), ("2", 2)])
def test_a_page_number_out_of_range_gives_the_first_or_last_page(client, coordinator, number, expected):
    territory = EngagedTerritoryFactory()
    NeedFactory.create_batch(PER_PAGE + 1, territory=territory)
    client.force_login(coordinator)
    response = client.get(reverse("need_list"), {"page": number})
    assert response.status_code == 200
    assert response.context["listing"].page.number == expected


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["pdf", "CSV", "csv\x00", ""])
def test_an_unknown_export_gives_the_page(client, coordinator, kind):
    client.force_login(coordinator)
    response = client.get(reverse("need_list"), {"export": kind})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
