"""The one unique-slug helper: suffixes, reserved words, the record being renamed, names with nothing to slugify."""

import pytest

from core.slugs import SUFFIX_ROOM, unique_slug
from territories.models import EngagedTerritory, Sector
from territories.services.engaged import RESERVED_SLUGS
from territories.services.sectors import sector_create

from ..territories.factories import EngagedTerritoryFactory, SectorFactory

pytestmark = pytest.mark.django_db


def test_a_taken_slug_gets_the_next_free_suffix():
    SectorFactory(name="Économie circulaire", slug="economie-circulaire")
    SectorFactory(name="Économie circulaire bis", slug="economie-circulaire-2")
    assert unique_slug(Sector, "Économie   circulaire !") == "economie-circulaire-3"


def test_the_record_being_renamed_keeps_its_own_slug():
    sector = SectorFactory(name="Réemploi", slug="reemploi")
    assert unique_slug(Sector, "Réemploi", exclude_pk=sector.pk) == "reemploi"
    assert unique_slug(Sector, "Réemploi") == "reemploi-2"


def test_reserved_words_are_never_given():
    assert unique_slug(EngagedTerritory, "Nouveau", reserved=RESERVED_SLUGS) == "nouveau-2"
    EngagedTerritoryFactory(name="Nouveau 2", slug="nouveau-2")
    assert unique_slug(EngagedTerritory, "Nouveau", reserved=RESERVED_SLUGS) == "nouveau-3"


def test_a_name_with_nothing_to_slugify_falls_back():
    assert unique_slug(Sector, "???") == "filiere"
    assert unique_slug(EngagedTerritory, "!!!", fallback="territoire") == "territoire"


def test_a_long_name_leaves_room_for_the_suffix():
    slug = unique_slug(Sector, "mot " * 100)
    assert len(slug) <= Sector._meta.get_field("slug").max_length - SUFFIX_ROOM
    assert not slug.endswith("-")


def test_the_sector_service_uses_it(coordinator):
    first = sector_create(by=coordinator, name="Tiers-lieux")
    second = sector_create(by=coordinator, name="Tiers lieux")
    assert (first.slug, second.slug) == ("tiers-lieux", "tiers-lieux-2")
    assert first.history.get().history_user == coordinator
