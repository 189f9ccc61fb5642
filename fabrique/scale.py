"""National-scale accounts and invitations, written after the apps' scale data (`manage.py seed_scale`).

One account per role for the benchmark to sign in as, a few more referents, and invitations sent by the
coordinator; all with the demonstration password. Idempotent: a second run changes nothing.
"""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from core.roles import Role
from territories.models import Actor
from territories.scale import CRESS_NAME, FUNDER_NAME, MARK

from .demo import DEMO_PASSWORD
from .models import Invitation, User, hash_token

COORDINATOR_EMAIL = "coordination@echelle.fabrique.fr"
REFERENT_EMAIL = "referent@echelle.fabrique.fr"
PARTNER_EMAIL = "partenaire@echelle.fabrique.fr"
STAFF_EMAIL = "admin@echelle.fabrique.fr"
# The benchmark signs in as these, one per role of the platform's pages (staff for the admin).
BENCH_EMAILS = {
    Role.COORDINATOR: COORDINATOR_EMAIL,
    Role.REFERENT: REFERENT_EMAIL,
    Role.PARTNER: PARTNER_EMAIL,
    Role.STAFF: STAFF_EMAIL,
}
MORE_REFERENTS = 9
INVITATIONS_AT_FULL_SCALE = 600
INVITATION_PREFIX = "invitation-echelle-"


def scale_accounts_seed(*, scale: float = 1.0) -> dict:
    """Create the scale accounts and invitations if missing; returns the number of rows created by kind."""
    created = {"comptes": 0, "invitations": 0}
    referents = list(
        Actor.objects.filter(kind=Actor.Kind.REFERENT, name__endswith=MARK).order_by("name")[: 1 + MORE_REFERENTS]
    )
    if not referents:
        return created
    organisations = {
        Role.COORDINATOR: Actor.objects.get(name=CRESS_NAME),
        Role.PARTNER: Actor.objects.get(name=FUNDER_NAME),
        Role.STAFF: Actor.objects.get(name=CRESS_NAME),
    }
    accounts = [(email, role, organisations.get(role, referents[0])) for role, email in BENCH_EMAILS.items()]
    accounts += [
        (f"referent-{index:02d}@echelle.fabrique.fr", Role.REFERENT, organisation)
        for index, organisation in enumerate(referents[1:], start=2)
    ]
    # One hash for every account: hashing is slow on purpose, and these share a password anyway.
    password = make_password(DEMO_PASSWORD)
    with transaction.atomic():
        for email, role, organisation in accounts:
            user, is_new = User.objects.get_or_create(
                email=email,
                defaults={
                    "first_name": str(role.label),
                    "last_name": "(échelle)",
                    "role": role,
                    "organisation": organisation,
                    "is_staff": role == Role.STAFF,
                    "is_superuser": role == Role.STAFF,
                    "password": password,
                },
            )
            EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
            created["comptes"] += is_new
        if not Invitation.objects.filter(email__startswith=INVITATION_PREFIX).exists():
            created["invitations"] = len(_invitations(scale, referents))
    return created


def _invitations(scale, referents):
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    now = timezone.now()
    rows = []
    for index in range(max(10, round(INVITATIONS_AT_FULL_SCALE * scale))):
        sent = now - datetime.timedelta(days=index % 30)
        state = index % 4  # pending, expired, revoked, accepted
        rows.append(
            Invitation(
                email=f"{INVITATION_PREFIX}{index:04d}@example.org",
                organisation=referents[index % len(referents)],
                role=Role.REFERENT,
                token_hash=hash_token(f"{INVITATION_PREFIX}{index}"),
                invited_by=coordinator,
                created_at=sent,
                expires_at=sent + datetime.timedelta(days=7 if state != 1 else -1),
                revoked_at=sent if state == 2 else None,
                accepted_at=sent if state == 3 else None,
            )
        )
    return Invitation.objects.bulk_create(rows, batch_size=1000)
