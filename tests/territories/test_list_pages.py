"""Every list page is built on the shared list template (templates/includes/list.html): header, table, empty state."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from ..helpers import text
from . import factories

LIST_PAGES = {
    "need_list": "Aucun besoin ne correspond à ces critères.",
    "opportunity_list": "Aucune opportunité ne correspond à ces critères.",
    "actor_list": "Aucun acteur ne correspond à ces critères.",
    "cooperation_list": "Aucune coopération ne correspond à ces critères.",
    "event_list": "Aucune action d’animation ne correspond à ces critères.",
    "territory_list": "Aucun territoire ne correspond à ces critères.",
    "sector_list": "Aucune filière ne correspond à ces critères.",
}


def test_every_list_template_extends_the_shared_list():
    templates = sorted(Path(settings.BASE_DIR, "templates", "territories").glob("*/*_list.html"))
    assert len(templates) == 7
    for template in templates:
        assert template.read_text().startswith('{% extends "includes/list.html" %}'), template


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", LIST_PAGES)
def test_an_empty_list_shows_its_empty_state_and_count(client, coordinator, url_name):
    client.force_login(coordinator)
    # A search that matches nothing (the coordinator's organisation is an actor): the empty state, not a table.
    response = client.get(reverse(url_name), {"q": "zzzz"})
    page = text(response)
    assert response.status_code == 200
    assert "includes/list.html" in [template.name for template in response.templates]
    assert LIST_PAGES[url_name] in page
    assert "0 résultat" in page and "<table" not in page


@pytest.mark.django_db
def test_the_filters_fold_behind_a_toggle_and_the_exports_stay_outside(client, coordinator):
    client.force_login(coordinator)
    page = text(client.get(reverse("need_list")))
    fold = page[page.index('<details class="filter-fold') : page.index("</details>")]
    assert "Filtrer la liste</summary>" in fold and '<form method="get"' in fold
    assert 'data-filters-active="0"' in fold
    exports = page[page.index("</details>") :]
    assert "export=xlsx" in exports and "export=csv" in exports and "export=" not in fold
    # An active filter is counted on the toggle (and keeps the filters open on a phone); sorting is not one.
    page = text(client.get(reverse("need_list"), {"q": "école", "statut": "identified", "tri": "intitule"}))
    assert 'data-filters-active="2"' in page and "2 filtres actifs" in page
    page = text(client.get(reverse("need_list"), {"q": "école"}))
    assert "1 filtre actif" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "factory"),
    [("need_list", "NeedFactory"), ("opportunity_list", "OpportunityFactory"), ("territory_list", None)],
)
def test_statuses_are_badges(client, coordinator, url_name, factory):
    territory = factories.EngagedTerritoryFactory(status="active")
    if factory == "NeedFactory":
        factories.NeedFactory(territory=territory, status="qualified")
        expected = '<span class="badge status-badge status-qualified">qualifié</span>'
    elif factory == "OpportunityFactory":
        factories.OpportunityFactory(territory=territory, status="in_project")
        expected = '<span class="badge status-badge status-in_project">en projet</span>'
    else:
        expected = '<span class="badge status-badge status-active">actif</span>'
    client.force_login(coordinator)
    response = client.get(reverse(url_name))
    assert expected in text(response)
    assert "includes/status_badge.html" in [template.name for template in response.templates]


def test_every_table_of_the_list_and_detail_pages_scrolls_in_its_own_frame():
    """A table wider than a phone scrolls inside a .table-responsive frame, never the page (390 px); the frame is
    positioned, so that a visually hidden label inside a cell cannot widen the page either."""
    root = Path(settings.BASE_DIR, "templates")
    templates = [
        root / "includes/list.html",
        root / "fabrique/invitation_list.html",
        root / "territories/needs/opportunity_detail.html",
        root / "territories/events/event_detail.html",
        root / "territories/actors/actor_detail.html",
        root / "territories/actors/cooperation_detail.html",
        root / "territories/engaged/territory_detail.html",
    ]
    for template in templates:
        lines = template.read_text().splitlines()
        for number, line in enumerate(lines):
            if "<table" in line:
                assert '<div class="table-responsive position-relative">' in lines[number - 1], (template, number + 1)
