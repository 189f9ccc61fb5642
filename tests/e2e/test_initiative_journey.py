"""From a need of their territory, a referent opens a suggested inspiring initiative and replicates it: the new
project appears on the board among the detected ideas, with its origin « essaimage d’une initiative ». Then the
catalogue's search, with a typo, and the same pages on a phone (390 px): nothing wider than the screen.

Every page visited is checked by axe-core.
"""

import re

import pytest
from django.db import connection
from playwright.sync_api import expect

from core.roles import Role
from projects.models import Project

from ..fabrique.factories import UserFactory
from ..projects.factories import InitiativeFactory
from ..territories.factories import EngagedTerritoryFactory, NeedFactory, SectorFactory
from .test_login import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


def fits_the_screen(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_a_referent_replicates_a_suggested_initiative_from_a_need(page, live_server, check_accessibility):
    referent = UserFactory(role=Role.REFERENT)
    territory = EngagedTerritoryFactory(
        name="Vermandois d’essai", slug="vermandois-essai", status="active", referent_actor=referent.organisation
    )
    mobility = SectorFactory(name="Mobilité d’essai", slug="mobilite-essai")
    food = SectorFactory(name="Alimentation d’essai", slug="alimentation-essai")
    need = NeedFactory(
        territory=territory,
        sector=mobility,
        title="Pas de garage abordable pour les ménages modestes",
        description="Les ménages modestes renoncent à réparer leur voiture, seul moyen d’aller au travail.",
    )
    garage = InitiativeFactory(
        title="Garage solidaire",
        summary="Un garage associatif répare à prix réduit les véhicules des ménages modestes.",
        sector=mobility,
        tags="mobilité, garage, insertion",
    )
    InitiativeFactory(title="Auto-école sociale", summary="Le permis pour les personnes en insertion.", sector=mobility)
    InitiativeFactory(title="Épicerie solidaire", summary="Des produits à petit prix.", sector=food)
    InitiativeFactory(title="Garage fantôme", summary="Un brouillon de la coordination.", status="draft")

    log_in(page, live_server, referent, check_accessibility)
    page.set_viewport_size(LAPTOP)

    # 1. The need's page suggests the solidarity garage first, and says why.
    page.goto(f"{live_server.url}/territoires/besoins/{need.pk}/")
    block = page.get_by_role("region", name="Initiatives inspirantes suggérées")
    links = block.get_by_role("link")
    expect(links.first).to_have_text("Garage solidaire")
    expect(block).to_contain_text("Même filière : Mobilité d’essai")
    expect(block).to_contain_text("garage")
    expect(block.get_by_text("Garage fantôme")).to_have_count(0)
    check_accessibility(page)

    # 2. The initiative's page, reached with the need carried along.
    links.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Garage solidaire")
    expect(page.get_by_text("Cette initiative n’est encore essaimée sur aucun territoire.")).to_be_visible()
    check_accessibility(page)

    # 3. Replicated on the referent's territory, answering the need.
    page.get_by_role("link", name="Essaimer sur mon territoire").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Essaimer « Garage solidaire »")
    check_accessibility(page)
    page.get_by_role("button", name="Créer le projet").click()
    page.wait_for_url(re.compile(r".*/projets/\d+/$"))
    project = Project.objects.get(initiative=garage)
    assert project.territory == territory
    assert project.origin == Project.Origin.REPLICATION
    assert list(project.needs.all()) == [need]
    expect(page.get_by_role("heading", level=1)).to_contain_text(project.title)
    expect(page.get_by_text("essaimage d’une initiative").first).to_be_visible()
    check_accessibility(page)

    # 4. The board counts it among the detected ideas.
    page.goto(f"{live_server.url}/projets/tableau/?territoire={territory.slug}")
    detected = page.get_by_role("region", name=re.compile("^Idée détectée"))
    expect(detected.get_by_role("link", name=project.title, exact=True)).to_be_visible()

    # 5. The initiative's page lists the territory where it is replicated, and at which stage.
    page.goto(f"{live_server.url}/initiatives/{garage.pk}/")
    replications = page.get_by_role("table")
    expect(replications).to_contain_text("Vermandois d’essai")
    expect(replications).to_contain_text("idée détectée")

    # 6. The catalogue finds it (with a typo on PostgreSQL; SQLite's fallback matches words as typed), and
    # everything fits a phone.
    typed = "garrage" if connection.vendor == "postgresql" else "garages"
    page.goto(f"{live_server.url}/initiatives/?q={typed}")
    expect(page.get_by_role("link", name="Garage solidaire").first).to_be_visible()
    check_accessibility(page)
    page.set_viewport_size(PHONE)
    for path in ("/initiatives/?q=garage", f"/initiatives/{garage.pk}/", f"/territoires/besoins/{need.pk}/"):
        page.goto(live_server.url + path)
        assert fits_the_screen(page), path
