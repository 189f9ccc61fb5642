"""A coordinator opens the dashboard, narrows it to a territory and a sector, and follows a count to the list of
the rows behind it: the list shows as many rows as the count said."""

import re

import pytest
from playwright.sync_api import expect

from core.roles import Role

from ..fabrique.factories import UserFactory
from ..projects.factories import ProjectFactory
from ..territories.factories import EngagedTerritoryFactory, SectorFactory
from .test_login import log_in

pytestmark = pytest.mark.e2e


def test_coordinator_filters_the_dashboard_and_opens_the_rows_of_a_count(page, live_server, check_accessibility):
    coordinator = UserFactory(role=Role.COORDINATOR)
    territory = EngagedTerritoryFactory(name="Beauvaisis d’essai", slug="beauvaisis-essai")
    elsewhere = EngagedTerritoryFactory(name="Amiens d’essai", slug="amiens-essai")
    food = SectorFactory(name="Alimentation d’essai", slug="alimentation-essai")
    ProjectFactory.create_batch(2, territory=territory, sector=food, title="Épicerie solidaire")
    ProjectFactory(territory=territory, title="Garage solidaire")
    ProjectFactory.create_batch(3, territory=elsewhere, sector=food, title="Cantine partagée")

    log_in(page, live_server, coordinator, check_accessibility)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + "/tableau-de-bord/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    ideas = page.locator('.key-figure[data-indicator="ideas_detected"] .key-figure-value')
    expect(ideas).to_have_text(re.compile(r"^6\b"))  # then the link's words for screen readers
    check_accessibility(page)

    # Every indicator's definition is reachable from the keyboard.
    page.locator('.key-figure[data-indicator="ideas_detected"] .definition-tip-button').focus()
    expect(page.locator("#definition-chiffre-ideas_detected")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#definition-chiffre-ideas_detected")).to_be_hidden()

    page.select_option("#id_territoire", label=territory.name)
    page.select_option("#id_filiere", label=food.name)
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_text(f"{territory.name} · {food.name}")).to_be_visible()
    expect(ideas).to_have_text(re.compile(r"^2\b"))

    # The figures of the funnel, under « Voir les chiffres ».
    page.locator("details.chart-figures summary").first.click()
    expect(page.locator("details.chart-figures table").first).to_be_visible()
    check_accessibility(page)

    ideas.get_by_role("link").click()
    page.wait_for_url("**/projets/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("2 projets")
    expect(page.locator("main table tbody tr")).to_have_count(2)
    expect(page.get_by_text("Garage solidaire")).to_have_count(0)
    check_accessibility(page)
