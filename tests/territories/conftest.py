"""Fixtures shared by the territories tests: a territory the referent refers, and another one."""

import pytest

from ..factories import EngagedTerritoryFactory


@pytest.fixture
def own_territory(referent):
    return EngagedTerritoryFactory(name="Beauvaisis", slug="beauvaisis", referent_actor=referent.organisation)


@pytest.fixture
def other_territory(db):
    return EngagedTerritoryFactory(name="Amiens Métropole", slug="amiens-metropole")
