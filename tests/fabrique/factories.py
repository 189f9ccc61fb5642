"""factory_boy factories of the fabrique app: accounts and invitations."""

import datetime

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from core.roles import Role
from fabrique.models import Invitation, User, hash_token

from ..territories.factories import ActorFactory

PASSWORD = "Mot-de-passe-de-test-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = "Dominique"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    organisation = factory.SubFactory(ActorFactory)
    role = Role.PARTNER
    # Staff administer the platform through the Django admin: they are its superusers.
    is_staff = factory.LazyAttribute(lambda o: o.role == Role.STAFF)
    is_superuser = factory.LazyAttribute(lambda o: o.role == Role.STAFF)

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation, sent by a coordinator, valid for 7 days."""

    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"invite{n}@exemple.fr")
    organisation = factory.SubFactory(ActorFactory)
    role = Role.PARTNER
    invited_by = factory.SubFactory(UserFactory, role=Role.COORDINATOR)
    token_hash = factory.Sequence(lambda n: hash_token(f"jeton-{n}"))
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
