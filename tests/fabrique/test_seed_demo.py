"""seed_demo: idempotent demonstration data, refused in production unless forced."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.roles import Role
from fabrique.demo import DEMO_PASSWORD
from fabrique.models import User
from territories.demo_data import PILOT_REFERENTS
from territories.models import Actor


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_creates_organisations_and_one_user_per_role(official_territories, settings):
    settings.DEBUG = True
    output = seed()
    assert {u.role for u in User.objects.all()} == {Role.COORDINATOR, Role.REFERENT, Role.PARTNER, Role.STAFF}
    assert Actor.objects.filter(name__in=PILOT_REFERENTS, kind=Actor.Kind.REFERENT).count() == 5
    assert Actor.objects.filter(kind=Actor.Kind.FUNDER).exists()
    assert User.objects.get(role=Role.COORDINATOR).organisation.name.startswith("CRESS")
    assert DEMO_PASSWORD in output


def test_seed_is_idempotent(official_territories, settings):
    settings.DEBUG = True
    seed()
    counts = (User.objects.count(), Actor.objects.count())
    seed()
    assert (User.objects.count(), Actor.objects.count()) == counts


def test_demo_accounts_can_log_in(client, official_territories, settings):
    settings.DEBUG = True
    seed()
    for user in User.objects.all():
        client.logout()
        response = client.post(reverse("account_login"), {"login": user.email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, user.email


def test_seed_refuses_without_debug(official_territories, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        seed()
    assert not User.objects.exists()
    seed("--force")
    assert User.objects.exists()
