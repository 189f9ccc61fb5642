"""Fixtures of the projects tests: the referent of another territory, a project on the referent’s territory, and
two of the sectors that a data migration seeds."""

import pytest

from core.roles import Role
from territories.models import Sector

from ..fabrique.factories import UserFactory
from .factories import ProjectFactory


@pytest.fixture
def other_referent(other_territory):
    """A referent of the other territory, who refers none of the `referent` fixture’s territories."""
    return UserFactory(role=Role.REFERENT, organisation=other_territory.referent_actor)


@pytest.fixture
def project(own_territory):
    return ProjectFactory(territory=own_territory, title="Garage solidaire")


@pytest.fixture
def mobility(db):
    return Sector.objects.get(slug="mobilite")  # seeded by a data migration


@pytest.fixture
def food(db):
    return Sector.objects.get(slug="alimentation-circuits-courts")
