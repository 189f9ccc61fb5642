"""Signing in through the real login page, and the home page and navigation each role lands on."""

import pytest
from playwright.sync_api import expect

from core.roles import Role

from ..fabrique.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e


def log_in(page, live_server, user, check_accessibility):
    page.goto(live_server.url + "/comptes/login/")
    expect(page).to_have_title("Connexion · Fabrique")
    check_accessibility(page)
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=login]) [type=submit]").click()
    page.wait_for_url(live_server.url + "/")


def main_navigation(page):
    return page.get_by_role("navigation", name="Navigation principale")


def test_coordinator_logs_in_and_sees_the_coordination_dashboard(page, live_server, check_accessibility):
    coordinator = UserFactory(role=Role.COORDINATOR)

    log_in(page, live_server, coordinator, check_accessibility)

    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord de la coordination")
    # Invitations, like the jobs and the calendar, are in the user's menu: the bar keeps the daily work.
    main_navigation(page).get_by_role("button", name=coordinator.first_name).click()
    expect(main_navigation(page).get_by_role("link", name="Invitations")).to_be_visible()
    # Bootstrap really is served and applied (the live server serves static files from the finders).
    expect(page.locator("nav.navbar")).to_have_css("display", "flex")
    check_accessibility(page)


def test_partner_does_not_see_the_invitations_entry(page, live_server, check_accessibility):
    partner = UserFactory(role=Role.PARTNER)

    log_in(page, live_server, partner, check_accessibility)

    expect(page.get_by_role("heading", level=1)).to_have_text("Espace partenaire")
    navigation = main_navigation(page)
    expect(navigation.get_by_role("link", name="Tableau de bord")).to_be_visible()
    expect(navigation.get_by_role("link", name="Invitations")).to_have_count(0)
    check_accessibility(page)
