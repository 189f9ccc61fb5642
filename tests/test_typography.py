"""French typography on every page: no ordinary space before : ; ? ! (a line must never start with one), none
inside « guillemets », and typographic apostrophes in the platform's own words.

Every GET page of the project is read for every role, as the fuzz test enumerates them, with rows in each
list so that the tables, their empty states aside, are checked too. Forms are also read after an empty
submit, so that error messages are checked.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest

from core.roles import Role

from .fabrique.factories import UserFactory
from .territories.factories import AnimationEventFactory, EngagedTerritoryFactory, NeedFactory, OpportunityFactory
from .test_get_fuzz import get_pages

ROLES = [None, Role.COORDINATOR, Role.REFERENT, Role.PARTNER]
# A form of the page itself, posted empty to see its error messages (not the navigation's sign-out form).
OWN_POST_FORM = re.compile(r'<form(?![^>]*action="/comptes/)[^>]*method="post"', re.I)
ORDINARY_SPACE_BEFORE = re.compile(r"\w[ \t]+[:;?!](?=\s|$)|«[ \t]|[ \t]»")
# Straight apostrophes between two letters in the platform's words; data typed by people (names of actors,
# needs…) keeps what they typed, so the test data below carries none.
STRAIGHT_APOSTROPHE = re.compile(r"[A-Za-zÀ-ÿ]'[A-Za-zÀ-ÿ]")


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes, and the aria-label, title, placeholder and alt values."""

    READ_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}
    SKIPPED = {"script", "style", "textarea"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self._skip += 1
        for name, value in attrs:
            if name in self.READ_ATTRIBUTES and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(part for part in parser.parts if part.strip())


def faults(html):
    text = visible_text(html)
    found = []
    for pattern in (ORDINARY_SPACE_BEFORE, STRAIGHT_APOSTROPHE):
        for match in pattern.finditer(text):
            start = max(0, match.start() - 40)
            found.append(repr(text[start : match.end() + 20]))
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
def test_pages_follow_french_typography(client, role):
    user = UserFactory(role=role) if role else None
    if user:
        client.force_login(user)
    territory = EngagedTerritoryFactory(status="active", name="Pays de Bray", slug="pays-de-bray")
    need = NeedFactory(territory=territory, title="Transport solidaire")
    OpportunityFactory(territory=territory, title="Garage solidaire").needs.add(need)
    AnimationEventFactory(territory=territory, title="Séance de créativité")
    problems = []
    for _name, url, _access in get_pages(user):
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        pages = [response]
        if OWN_POST_FORM.search(response.content.decode()):
            pages.append(client.post(url, {}))
        for page in pages:
            if page.status_code == 200 and page.get("Content-Type", "").startswith("text/html"):
                problems += [
                    f"{url} ({page.request['REQUEST_METHOD']}): {fault}" for fault in faults(page.content.decode())
                ]
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
def test_numbers_are_grouped_but_years_and_ids_are_not(client):
    coordinator = UserFactory(role=Role.COORDINATOR)
    client.force_login(coordinator)
    territory = EngagedTerritoryFactory(name="Amiénois", population=184392)
    listing = client.get("/territoires/experimentation/").content.decode()
    assert "184\u00a0392" in listing and "184392" not in listing
    home = client.get("/").content.decode()
    assert f"Chiffres {datetime.date.today().year}\u00a0:" in home  # the coordinator's home is the dashboard
    page = client.get(f"/territoires/experimentation/{territory.slug}/").content.decode()
    assert "184\u00a0392 habitants" in page


def test_one_date_format_per_kind_of_place():
    """Tables, lists and fields show 15/03/2026 (SHORT_DATE_FORMAT), sentences 15 mars 2026 (DATE_FORMAT),
    history entries add the time: never a format written by hand in a template."""
    from pathlib import Path

    from django.conf import settings

    formats = set()
    for path in (Path(settings.BASE_DIR) / "templates").rglob("*.*"):
        formats |= set(re.findall(r'\|date:"([^"]*)"', path.read_text()))
    assert formats <= {"SHORT_DATE_FORMAT", "DATE_FORMAT", "SHORT_DATETIME_FORMAT"}, formats


@pytest.mark.django_db
def test_the_call_for_ideas_says_dites_le_nous_and_the_admin_is_titled_for_fabrique(client):
    territory = EngagedTerritoryFactory(status="active")
    page = client.get(f"/territoires/{territory.slug}/appel-a-idees/").content.decode()
    assert "Dites-le-nous" in page
    client.force_login(UserFactory(role=Role.STAFF))
    admin = client.get("/admin/").content.decode()
    assert "Fabrique — administration" in admin
