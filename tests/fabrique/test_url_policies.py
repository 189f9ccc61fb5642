"""Every URL pattern declares an access policy, and each policy holds for anonymous and every role."""

import re
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from core.access import third_party_policy
from core.roles import Role
from fabrique.models import Invitation, hash_token

from .. import factories
from ..factories import UserFactory

ROLES = [Role.COORDINATOR, Role.REFERENT, Role.PARTNER, Role.STAFF]


def walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace, entry.name, entry.callback


def all_urls():
    return list(walk(get_resolver().url_patterns))


def own_urls():
    return [(route, ns, name, cb) for route, ns, name, cb in all_urls() if hasattr(cb, "access_policy")]


def make_invitation(user):
    inviter = UserFactory(role=Role.COORDINATOR)
    organisation = user.organisation if user and user.role == Role.REFERENT else inviter.organisation
    return Invitation.objects.create(
        email="invitee@exemple.fr",
        organisation=organisation,
        role=Role.REFERENT,
        invited_by=inviter,
        token_hash=hash_token("jeton-de-test"),
        expires_at=timezone.now() + timedelta(days=7),
    )


def own_territory(user):
    """An engaged territory the user may edit when they are a referent (active, so public pages open)."""
    if user is not None and user.role == Role.REFERENT:
        return factories.EngagedTerritoryFactory(status="active", referent_actor=user.organisation)
    return factories.EngagedTerritoryFactory(status="active")


def own_actor(user):
    actor = factories.ActorFactory()
    actor.territories.add(own_territory(user))
    return actor


# How to build each URL argument, by its name, for a given user (None for anonymous). URL arguments
# are named after what they point to; a new name needs an entry here.
ARGUMENT_BUILDERS = {
    "pk": lambda user: make_invitation(user).pk,
    "token": lambda user: "jeton-inconnu",
    "territory": lambda user: own_territory(user).slug,
    "need": lambda user: factories.NeedFactory(territory=own_territory(user)).pk,
    "opportunity": lambda user: factories.OpportunityFactory(territory=own_territory(user)).pk,
    "event": lambda user: factories.AnimationEventFactory(territory=own_territory(user)).pk,
    "cooperation": lambda user: factories.CooperationFactory(territory=own_territory(user)).pk,
    "actor": lambda user: own_actor(user).pk,
    "contact": lambda user: factories.ContactFactory(actor=own_actor(user)).pk,
    "sector": lambda user: factories.SectorFactory().pk,
    "key": lambda user: "0" * 32,
}


def test_every_url_declares_a_policy():
    missing = [
        f"{route} ({name})"
        for route, namespace, name, callback in all_urls()
        if getattr(callback, "access_policy", None) is None and third_party_policy(namespace, name) is None
    ]
    assert missing == [], f"URLs without an access policy: {missing}"


def test_a_view_without_policy_is_detected():
    assert third_party_policy(None, "some_new_view") is None


def argument_names(route):
    return re.findall(r"<(?:\w+:)?(\w+)>", route)


def has_arguments(route):
    return bool(re.search(r"<[^>]+>|\(\?P<", route))


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, *ROLES])
def test_own_urls_answer_as_their_policy_says(client, role):
    user = UserFactory(role=role, is_superuser=role == Role.STAFF) if role else None
    checked = 0
    for route, namespace, name, callback in own_urls():
        policy = callback.access_policy
        kwargs = {}
        for argument in argument_names(route):
            assert argument in ARGUMENT_BUILDERS, f"add an argument builder for <{argument}> of {name} ({route})"
            kwargs[argument] = ARGUMENT_BUILDERS[argument](user)
        url = reverse(f"{namespace}:{name}" if namespace else name, kwargs=kwargs)
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url)
        allowed = policy.allows(user) if user else not policy.login_required
        if allowed:
            assert response.status_code != 403, f"{url} refused {role} under {policy}"
            assert response.status_code < 500
            if response.status_code == 302:
                assert "/comptes/login/" not in response["Location"], f"{url} sent {role} to login"
        elif user is None:
            assert response.status_code == 302 and "/comptes/login/" in response["Location"], url
        else:
            assert response.status_code == 403, f"{url} let {role} in under {policy}"
        checked += 1
    assert checked >= 5


@pytest.mark.django_db
def test_allauth_urls_answer_as_declared(client):
    for route, namespace, name, _callback in all_urls():
        if namespace or not name or not name.startswith(("account_", "mfa_")) or has_arguments(route):
            continue
        policy = third_party_policy(namespace, name)
        response = client.get(reverse(name))
        if policy.login_required:
            assert response.status_code == 302 and "login" in response["Location"], f"{name} open to anonymous"
        else:
            assert response.status_code < 500, name


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.REFERENT, Role.PARTNER])
def test_admin_refuses_every_role_but_staff(client, role):
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
