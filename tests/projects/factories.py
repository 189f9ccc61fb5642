"""factory_boy factories of the projects app."""

import datetime

import factory
from django.utils import timezone

from projects.models import Project, StopReason

from ..territories.factories import ActorFactory, EngagedTerritoryFactory


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


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.JournalEntry"

    project = factory.SubFactory(ProjectFactory)
    date = factory.LazyFunction(timezone.localdate)
    kind = "meeting"
    text = "Réunion avec la mairie : le local est trouvé."
    is_internal = True


class NextStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.NextStep"

    project = factory.SubFactory(ProjectFactory)
    text = "Rencontrer le porteur"
    owner = factory.SubFactory("tests.fabrique.factories.UserFactory")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))


class FundingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.FundingLine"

    project = factory.SubFactory(ProjectFactory)
    funder = factory.SubFactory(ActorFactory, kind="funder")
    year = 2026
    scheme = "Fonds d’amorçage"
    amount_requested = 15000
    status = "requested"


class ProjectDocumentFactory(factory.django.DjangoModelFactory):
    """A small PDF document (the content recognised is written as the service would)."""

    class Meta:
        model = "projects.ProjectDocument"

    project = factory.SubFactory(ProjectFactory)
    kind = "opportunity_study"
    title = "Étude d’opportunité"
    file = factory.django.FileField(
        filename="etude.pdf", data=b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    )
    content_type = "application/pdf"
    size = 60
    original_name = "etude.pdf"
    is_internal = True


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.SocialInnovationCriterion"
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Critère {n}")
    position = factory.Sequence(lambda n: 100 + n)


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A published initiative of the library (status="draft" for a draft)."""

    class Meta:
        model = "projects.Initiative"

    title = factory.Sequence(lambda n: f"Initiative {n}")
    summary = "Une initiative de l’économie sociale et solidaire, à essaimer."
    status = "published"
