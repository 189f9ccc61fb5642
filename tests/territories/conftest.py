"""Fixtures shared by the territories tests: an actor of each territory (own_territory and other_territory are
in tests/conftest.py), the referent of the other territory, and a sector."""

import pytest

from core.roles import Role
from territories.models import Actor, Sector

from ..fabrique.factories import UserFactory
from .factories import ActorFactory


@pytest.fixture
def other_referent(other_territory):
    """A referent of the other territory, who refers none of the `referent` fixture's territories."""
    return UserFactory(role=Role.REFERENT, organisation=other_territory.referent_actor)


@pytest.fixture
def own_actor(own_territory):
    """An actor working in the referent's territory only."""
    actor = ActorFactory(name="Recyclerie du Beauvaisis", kind=Actor.Kind.ASSOCIATION)
    actor.territories.add(own_territory)
    return actor


@pytest.fixture
def other_actor(other_territory):
    """An actor working in the other territory only."""
    actor = ActorFactory(name="Garage solidaire d'Amiens", kind=Actor.Kind.ESS_ENTERPRISE)
    actor.territories.add(other_territory)
    return actor


@pytest.fixture
def sector(db):
    """« Mobilité », one of the five sectors a data migration seeds."""
    return Sector.objects.get(slug="mobilite")
