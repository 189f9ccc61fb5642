"""A referent records a need and a creativity session on their own territory, finds both on the
territory page, and is refused the edit page of another territory's need."""

import pytest
from playwright.sync_api import expect

from core.roles import Role

from ..fabrique.factories import UserFactory
from ..territories.factories import EngagedTerritoryFactory, NeedFactory, SectorFactory
from .test_login import log_in

pytestmark = pytest.mark.e2e


def test_referent_records_a_need_and_a_creativity_session(page, live_server, check_accessibility, expected_refusals):
    referent = UserFactory(role=Role.REFERENT)
    territory = EngagedTerritoryFactory(
        name="Beauvaisis d'essai", status="active", referent_actor=referent.organisation
    )
    SectorFactory(name="Mobilité solidaire", slug="mobilite-solidaire")
    other_need = NeedFactory(title="Besoin d'un autre territoire")

    log_in(page, live_server, referent, check_accessibility)

    # The need, from the territory page's link so that the territory is preselected.
    page.goto(f"{live_server.url}/territoires/besoins/nouveau/?territoire={territory.slug}")
    check_accessibility(page)
    page.select_option("#id_territory", label=territory.name)
    page.select_option("#id_sector", label="Mobilité solidaire")
    page.fill("#id_title", "Transport à la demande vers les zones d'emploi")
    page.fill("#id_description", "Les habitants des villages n'ont pas de solution pour rejoindre les zones d'emploi.")
    page.select_option("#id_source", value="creativity_session")
    page.locator("main form [type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Transport à la demande")
    check_accessibility(page)

    # The creativity session.
    page.goto(f"{live_server.url}/territoires/actions/nouvelle/?territoire={territory.slug}")
    page.select_option("#id_territory", label=territory.name)
    page.select_option("#id_kind", value="creativity_session")
    page.fill("#id_title", "Séance de créativité mobilité")
    page.fill("#id_date", "2026-10-15")
    page.fill("#id_participants", "18")
    page.locator("main form [type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Séance de créativité mobilité")
    check_accessibility(page)

    # Both are on the territory page.
    page.goto(f"{live_server.url}/territoires/experimentation/{territory.slug}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(territory.name)
    expect(page.get_by_text("Transport à la demande vers les zones d'emploi")).to_be_visible()
    expect(page.get_by_text("Séance de créativité mobilité")).to_be_visible()
    check_accessibility(page)

    # Another territory's need cannot be edited.
    refused = f"/territoires/besoins/{other_need.pk}/modifier/"
    expected_refusals.append(refused)
    response = page.goto(live_server.url + refused)
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Accès refusé")
    check_accessibility(page)
