"""Every list page is built on the shared list template (templates/includes/list.html): header, table, empty state."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from ..helpers import text

LIST_PAGES = {
    "need_list": "Aucun besoin ne correspond à ces critères.",
    "opportunity_list": "Aucune opportunité ne correspond à ces critères.",
    "actor_list": "Aucun acteur ne correspond à ces critères.",
    "cooperation_list": "Aucune coopération ne correspond à ces critères.",
    "event_list": "Aucune action d'animation ne correspond à ces critères.",
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
