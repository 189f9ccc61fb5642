"""The daily work in a real browser, on a phone (390 px) and a laptop (1366 px).

- A citizen sends an idea through a territory's call for ideas; the territory's referent finds it on their
  home, removes what could identify a person and accepts it as a need.
- A referent with one territory records a need from the navigation: the territory is already chosen; a bad
  submit shows the error summary, focused, and a title starting with « Erreur ».
- Each role's home is screenshotted at both widths (the artefacts CI keeps, in test-artifacts/).

Every page visited is checked by axe-core and, at 390 px, for a page wider than the screen.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from core.roles import Role
from territories.models import Need

from ..fabrique.factories import UserFactory
from ..territories.factories import EngagedTerritoryFactory, SectorFactory
from .test_login import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


@pytest.fixture
def check_page(check_accessibility):
    """check(page): axe-core, and no horizontal overflow of the page itself on a phone."""

    def check(page):
        check_accessibility(page)
        width = page.viewport_size["width"]
        if width <= PHONE["width"]:
            overflow = page.evaluate("() => document.documentElement.scrollWidth")
            assert overflow <= width, f"{page.url} is {overflow} px wide on a {width} px screen"

    return check


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_a_citizen_idea_is_reviewed_into_a_need_from_the_referent_s_home(page, live_server, check_page, size):
    page.set_viewport_size(size)
    referent = UserFactory(role=Role.REFERENT, first_name="Camille")
    territory = EngagedTerritoryFactory(name="Pays de Bray", status="active", referent_actor=referent.organisation)
    SectorFactory(name="Mobilité douce", slug="mobilite-douce")

    # The citizen, without an account.
    page.goto(f"{live_server.url}/territoires/{territory.slug}/appel-a-idees/")
    check_page(page)
    page.fill("#id_text", "Un minibus vers la gare pour les habitants de Martine Durand, 12 rue des Lilas.")
    page.fill("#id_name", "Martine Durand")
    page.locator("main form [type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Merci pour votre idée")
    check_page(page)
    idea = Need.objects.get(territory=territory)
    assert idea.status == Need.Status.TO_REVIEW
    expect(page.get_by_text(f"AI-{idea.pk}")).to_be_visible()

    # The referent finds it on their home.
    page.context.clear_cookies()
    log_in(page, live_server, referent, check_page)
    ideas = page.get_by_role("region", name="Idées citoyennes à examiner")
    expect(ideas).to_contain_text("1")
    check_page(page)
    ideas.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="Examiner l’idée").click()
    check_page(page)

    # Personal details removed, then accepted.
    page.fill("#id_title", "Un minibus vers la gare")
    page.fill("#id_description", "Un minibus vers la gare pour les habitants du bourg.")
    page.get_by_label("L’accepter comme besoin identifié", exact=False).check()
    page.locator("main form [type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Un minibus vers la gare")
    check_page(page)
    idea.refresh_from_db()
    assert idea.status == Need.Status.IDENTIFIED
    assert "Durand" not in idea.description and idea.reviewed_by == referent


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_a_referent_records_a_need_from_the_navigation_with_their_territory_chosen(page, live_server, check_page, size):
    page.set_viewport_size(size)
    referent = UserFactory(role=Role.REFERENT)
    territory = EngagedTerritoryFactory(name="Vexin picard", status="active", referent_actor=referent.organisation)
    log_in(page, live_server, referent, check_page)

    navigation = page.get_by_role("navigation", name="Navigation principale")
    if size is PHONE:
        navigation.get_by_role("button", name="Ouvrir le menu").click()
    navigation.get_by_role("link", name="Besoins").click()
    check_page(page)
    page.locator("main").get_by_role("link", name="Nouveau besoin").click()
    expect(page.locator("#id_territory")).to_have_value(str(territory.pk))

    # An empty title and a date in the future: the summary comes first, focused, and the title says so.
    page.fill("#id_title", "")
    page.fill("#id_identified_on", "15032099")
    page.locator("main form [type=submit]").click()
    expect(page).to_have_title(re.compile(r"^Erreur"))
    summary = page.get_by_role("alert").filter(has_text="Le formulaire contient")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Intitulé")).to_be_visible()
    check_page(page)

    summary.get_by_role("link", name="Intitulé").click()
    expect(page.locator("#id_title")).to_be_focused()
    page.fill("#id_title", "Garde d’enfants en horaires décalés")
    page.fill("#id_description", "Les parents qui travaillent de nuit n’ont pas de solution de garde.")
    page.select_option("#id_source", value="diagnosis")
    page.fill("#id_identified_on", "15032026")
    page.locator("main form [type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Garde d’enfants en horaires décalés")
    check_page(page)
    need = Need.objects.get(title="Garde d’enfants en horaires décalés")
    assert need.territory == territory and need.identified_on.isoformat() == "2026-03-15"


@pytest.mark.parametrize("role", [None, Role.COORDINATOR, Role.REFERENT, Role.PARTNER], ids=lambda r: r or "public")
def test_each_role_s_home_at_both_widths(page, live_server, check_page, role):
    if role is not None:
        user = UserFactory(role=role)
        EngagedTerritoryFactory(name="Clermontois", status="active", referent_actor=user.organisation)
        log_in(page, live_server, user, check_page)
    else:
        EngagedTerritoryFactory(name="Clermontois", status="active")
        page.goto(live_server.url + "/")
    ARTIFACTS.mkdir(exist_ok=True)
    for name, size in (("390", PHONE), ("1366", LAPTOP)):
        page.set_viewport_size(size)
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check_page(page)
        page.screenshot(path=ARTIFACTS / f"home-{role or 'public'}-{name}.png", full_page=True)
