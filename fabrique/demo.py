"""Demonstration data: one account per role, and each app's own demonstration module (idempotent).

Each module of DEMO_MODULES exposes `seed()`; a module whose organisations the accounts belong to also exposes
`organisations_seed()`, returning them by name. The organisations come first, then the accounts, then every
module's `seed()` in the order of the list (an app after those it depends on), so the content can be recorded
in the name of the accounts. The whole run is one transaction.
"""

from importlib import import_module

from allauth.account.models import EmailAddress
from django.db import transaction

from core.roles import Role
from territories.demo_data import CRESS, FUNDER, PILOT_REFERENTS

from .models import User

# In dependency order; projects and governance add theirs after the territories.
DEMO_MODULES = ["territories.demo", "projects.demo", "governance.demo"]

DEMO_PASSWORD = "Fabrique-demo-2026"

DEMO_USERS = [
    # (email, first name, last name, role, organisation)
    ("coordination@demo.fabrique.fr", "Camille", "Coordination", Role.COORDINATOR, CRESS),
    ("referent@demo.fabrique.fr", "Romain", "Référent", Role.REFERENT, PILOT_REFERENTS[0]),
    ("partenaire@demo.fabrique.fr", "Pauline", "Partenaire", Role.PARTNER, FUNDER),
    ("admin@demo.fabrique.fr", "Sacha", "Administration", Role.STAFF, CRESS),
]


def accounts_seed(*, organisations):
    """Create or refresh the demonstration accounts in their organisations (by name); returns the users."""
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
    return users


def demo_seed():
    """Create or refresh the whole demonstration: organisations, accounts, then each app's data; returns the users."""
    modules = [import_module(name) for name in DEMO_MODULES]
    with transaction.atomic():
        organisations = {}
        for module in modules:
            if hasattr(module, "organisations_seed"):
                organisations |= module.organisations_seed()
        users = accounts_seed(organisations=organisations)
        for module in modules:
            module.seed()
    return users
