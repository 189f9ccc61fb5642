"""factory_boy factories of the projects app."""

import factory
from django.utils import timezone

from projects.models import Project, StopReason

from ..territories.factories import EngagedTerritoryFactory


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project written directly (no stage change): services.project_create is what the platform uses."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"FAB-1999-{n + 1:04d}")
    title = factory.Sequence(lambda n: f"Projet {n}")
    territory = factory.SubFactory(EngagedTerritoryFactory)
    origin = Project.Origin.DIAGNOSIS
    summary = "Un garage solidaire pour les personnes en insertion."
    stage_since = factory.LazyFunction(timezone.now)


class StopReasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StopReason
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Motif {n}")


class ReferenceCounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.ReferenceCounter"

    year = factory.Sequence(lambda n: 2000 + n)
