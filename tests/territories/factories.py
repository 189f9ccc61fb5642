"""factory_boy factories of the territories app: actors, territories and what hangs on them."""

import datetime

import factory

from territories.models import Actor


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Structure {n}")
    kind = Actor.Kind.REFERENT


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "territories.Sector"
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Filière {n}")
    slug = factory.Sequence(lambda n: f"filiere-{n}")


class EngagedTerritoryFactory(factory.django.DjangoModelFactory):
    """An engaged territory; pass referent_actor=user.organisation to make a user its referent."""

    class Meta:
        model = "territories.EngagedTerritory"

    name = factory.Sequence(lambda n: f"Territoire {n}")
    slug = factory.Sequence(lambda n: f"territoire-{n}")
    status = "engaged"
    driving_authority = factory.SubFactory(ActorFactory, kind=Actor.Kind.LOCAL_AUTHORITY)
    referent_actor = factory.SubFactory(ActorFactory, kind=Actor.Kind.REFERENT)


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "territories.Need"

    territory = factory.SubFactory(EngagedTerritoryFactory)
    sector = factory.SubFactory(SectorFactory)
    title = factory.Sequence(lambda n: f"Besoin {n}")
    description = "Un besoin non satisfait du territoire."
    source = "diagnosis"
    identified_on = datetime.date(2026, 3, 1)


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "territories.Opportunity"

    territory = factory.SubFactory(EngagedTerritoryFactory)
    sector = factory.SubFactory(SectorFactory)
    title = factory.Sequence(lambda n: f"Opportunité {n}")
    description = "Une opportunité de développement."


class AnimationEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "territories.AnimationEvent"

    territory = factory.SubFactory(EngagedTerritoryFactory)
    kind = "creativity_session"
    title = factory.Sequence(lambda n: f"Séance {n}")
    date = datetime.date(2026, 4, 2)
    participants = 12


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "territories.Contact"

    actor = factory.SubFactory(ActorFactory)
    name = factory.Sequence(lambda n: f"Contact Personne {n}")
    role = "Directrice"
    email = factory.Sequence(lambda n: f"contact{n}@structure.fr")
    phone = "03 22 00 00 00"


class CooperationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "territories.Cooperation"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Coopération {n}")
    territory = factory.SubFactory(EngagedTerritoryFactory)
    description = "Ils mutualisent un local."

    @factory.post_generation
    def actors(self, create, extracted, **kwargs):
        if create:
            self.actors.set(extracted or [ActorFactory(), ActorFactory()])


class ReadinessAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "territories.ReadinessAssessment"

    territory = factory.SubFactory(EngagedTerritoryFactory)
    prerequisite = 1
    score = 2
    evidence = "Délibération du conseil communautaire."
