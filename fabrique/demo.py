"""Demonstration data: organisations, one account per role and the pilot territories (idempotent)."""

from allauth.account.models import EmailAddress
from django.db import transaction

from core.roles import Role
from territories.models import Actor

from .models import User

DEMO_PASSWORD = "Fabrique-demo-2026"

CRESS = "CRESS Hauts-de-France (démonstration)"
FUNDER = "Fondation régionale pour l'ESS (démonstration)"
# The referent organisations of the five 2012 Picardie pilots.
PILOT_REFERENTS = [
    "Initiatives Beauvaisis (démonstration)",
    "Amiens Métropole Accompagnement ESS (démonstration)",
    "Vermandois Entreprendre (démonstration)",
    "Sud de l'Aisne Initiatives (démonstration)",
    "Nogent-sur-Oise Développement solidaire (démonstration)",
]

DEMO_USERS = [
    # (email, first name, last name, role, organisation)
    ("coordination@demo.fabrique.fr", "Camille", "Coordination", Role.COORDINATOR, CRESS),
    ("referent@demo.fabrique.fr", "Romain", "Référent", Role.REFERENT, PILOT_REFERENTS[0]),
    ("partenaire@demo.fabrique.fr", "Pauline", "Partenaire", Role.PARTNER, FUNDER),
    ("admin@demo.fabrique.fr", "Sacha", "Administration", Role.STAFF, CRESS),
]


def demo_seed():
    """Create or refresh the demonstration organisations and accounts; returns the users."""
    with transaction.atomic():
        organisations = {
            CRESS: Actor.objects.update_or_create(name=CRESS, defaults={"kind": Actor.Kind.INSTITUTION})[0],
            FUNDER: Actor.objects.update_or_create(name=FUNDER, defaults={"kind": Actor.Kind.FUNDER})[0],
        }
        for name in PILOT_REFERENTS:
            organisations[name] = Actor.objects.update_or_create(name=name, defaults={"kind": Actor.Kind.REFERENT})[0]
        users = []
        for email, first_name, last_name, role, organisation in DEMO_USERS:
            user, created = User.objects.update_or_create(
                email=email,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "role": role,
                    "organisation": organisations[organisation],
                    "is_staff": role == Role.STAFF,
                    "is_superuser": role == Role.STAFF,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
            users.append(user)
        # Imported here: territories.demo reads this module's organisation names.
        from territories.demo import demo_territories_seed

        demo_territories_seed(organisations=organisations)
    return users
