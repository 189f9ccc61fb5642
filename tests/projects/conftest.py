"""Fixtures of the projects tests: the referent of another territory, and a project on the referent’s territory."""

import pytest

from core.roles import Role

from ..fabrique.factories import UserFactory
from .factories import ProjectFactory


@pytest.fixture
def other_referent(other_territory):
    """A referent of the other territory, who refers none of the `referent` fixture’s territories."""
    return UserFactory(role=Role.REFERENT, organisation=other_territory.referent_actor)


@pytest.fixture
def project(own_territory):
    return ProjectFactory(territory=own_territory, title="Garage solidaire")
