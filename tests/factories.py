"""factory_boy factories shared by the tests."""

import factory
from allauth.account.models import EmailAddress

from fabrique.models import Role, User
from territories.models import Actor

PASSWORD = "Mot-de-passe-de-test-42"


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Structure {n}")
    kind = Actor.Kind.REFERENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = "Dominique"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    organisation = factory.SubFactory(ActorFactory)
    role = Role.PARTNER
    is_staff = factory.LazyAttribute(lambda o: o.role == Role.STAFF)

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )
