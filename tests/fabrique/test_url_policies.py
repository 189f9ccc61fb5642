"""Every URL pattern declares an access policy, each policy holds for anonymous and every role, and no referent
acts on an object of a territory they do not refer.

The URLs come from the patterns themselves: a view added to any app is checked without being listed here.
GET first; a view that only answers POST (405 to a GET) is then sent a POST. The import confirmation steps are
reached with a file stashed by the import page itself.
"""

import re

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from core.access import third_party_policy
from core.roles import Role

from ..core.factories import JobFactory
from ..governance import factories as governance_factories
from ..helpers import text
from ..projects import factories as project_factories
from ..territories import factories
from .factories import InvitationFactory, UserFactory

ROLES = [Role.COORDINATOR, Role.REFERENT, Role.PARTNER, Role.STAFF]
LOGIN_PATH = "/comptes/login/"


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
    """An invitation the user may revoke when they are a referent (their organisation's), else a coordinator's."""
    if user is not None and user.role == Role.REFERENT:
        return InvitationFactory(organisation=user.organisation, role=Role.REFERENT)
    return InvitationFactory()


def own_territory(user):
    """An engaged territory the user may edit when they are a referent (active, so public pages open)."""
    if user is not None and user.role == Role.REFERENT:
        return factories.EngagedTerritoryFactory(status="active", referent_actor=user.organisation)
    return factories.EngagedTerritoryFactory(status="active")


def own_project(user):
    """A project of a territory the user may edit when they are a referent."""
    return project_factories.ProjectFactory(territory=own_territory(user))


def own_actor(user):
    actor = factories.ActorFactory()
    actor.territories.add(own_territory(user))
    return actor


def own_committee(user):
    """A committee the user sits on when they are a partner (so its pages open to them)."""
    committee = governance_factories.CommitteeFactory()
    if user is not None and user.role == Role.PARTNER:
        governance_factories.CommitteeMemberFactory(committee=committee, user=user)
    return committee


def own_meeting(user):
    """A convened meeting of a committee the user sits on."""
    return governance_factories.MeetingFactory(committee=own_committee(user))


def own_agenda_item(user):
    return governance_factories.AgendaItemFactory(meeting=own_meeting(user), project=own_project(user))


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
    "project": lambda user: own_project(user).pk,
    "initiative": lambda user: project_factories.InitiativeFactory().pk,
    "criterion": lambda user: project_factories.CriterionFactory().pk,
    "stop_reason": lambda user: project_factories.StopReasonFactory().pk,
    "next_step": lambda user: project_factories.NextStepFactory(project=own_project(user)).pk,
    "funding_line": lambda user: project_factories.FundingLineFactory(project=own_project(user)).pk,
    "document": lambda user: project_factories.ProjectDocumentFactory(project=own_project(user)).pk,
    "key": lambda user: "0" * 32,
    "committee": lambda user: own_committee(user).pk,
    "member": lambda user: governance_factories.CommitteeMemberFactory(committee=own_committee(user)).pk,
    "meeting": lambda user: own_meeting(user).pk,
    "agenda_item": lambda user: own_agenda_item(user).pk,
    "agenda_document": lambda user: governance_factories.AgendaDocumentFactory(agenda_item=own_agenda_item(user)).pk,
    "decision": lambda user: governance_factories.DecisionFactory(agenda_item=own_agenda_item(user)).pk,
    "action_item": lambda user: governance_factories.ActionItemFactory(meeting=own_meeting(user)).pk,
    "target": lambda user: governance_factories.TargetFactory().pk,
    "pack": lambda user: (
        governance_factories.CommitteePackFactory(committee=own_committee(user), published_at=timezone.now()).pk
    ),
    "job": lambda user: JobFactory().pk,
    # A user whose address the mail server refused (the « Envois » page's « Marquer comme corrigée »).
    "user": lambda user: UserFactory(email_refused_at=timezone.now(), email_refused_reason="550 inconnu").pk,
    "feed_token": lambda user: "jeton-inconnu",
    "file_format": lambda user: "pdf",
    "year": lambda user: timezone.localdate().year,
}

# URL arguments that name no object of a territory: the object-level test leaves them aside.
NOT_OBJECTS = {
    "token",
    "key",
    "criterion",
    "stop_reason",
    # The library of initiatives belongs to the region: every reader reads a published one, and a referent
    # replicates it on their own territory (the territory is then checked by territories.add_in_territory).
    "initiative",
    # Committees and their work belong to the region, not to a territory: coordinators alone change them.
    "committee",
    "member",
    "meeting",
    "agenda_item",
    "agenda_document",
    "decision",
    "action_item",
    "target",
    "pack",
    "job",
    "user",
    "feed_token",
    "file_format",
    "year",
}

# The body of the POST sent to a view that only answers POST, by URL name, for a given user; none by default.
POST_DATA = {
    # A territory of the user's where the actor does not work yet: the proposal is accepted.
    "actor_propose": lambda user: {"territory": own_territory(user).pk},
}


def csv_upload(name, header, row):
    lines = "\r\n".join(";".join(cells) for cells in (header, row)) + "\r\n"
    return SimpleUploadedFile(name, ("\ufeff" + lines).encode("utf-8"), content_type="text/csv")


# Each import confirmation URL (`<key>`), by name: its upload page, a valid one-line file for the user, and
# what the preview of that line shows.
STASHED_IMPORTS = {
    "need_import_confirm": (
        "need_import",
        lambda user: csv_upload(
            "besoins.csv",
            ["territoire", "intitulé", "description", "source"],
            [own_territory(user).slug, "Besoin importé", "Villages non desservis", "diagnostic territorial"],
        ),
        "Besoin importé",
    ),
    "project_import_confirm": (
        "project_import",
        lambda user: csv_upload(
            "projets.csv",
            ["territoire", "intitulé", "origine"],
            [own_territory(user).slug, "Projet importé", "diagnostic territorial"],
        ),
        "Projet importé",
    ),
    "actor_import_confirm": (
        "actor_import",
        lambda user: csv_upload("acteurs.csv", ["nom", "type"], ["Ressourcerie importée", "Association"]),
        "Ressourcerie importée",
    ),
    "initiative_import_confirm": (
        "initiative_import",
        lambda user: csv_upload("initiatives.csv", ["intitulé", "résumé"], ["Initiative importée", "Un résumé"]),
        "Initiative importée",
    ),
}

# The URLs where a referent may open or use an object of a territory they do not refer, each with its reason.
# Every other URL that takes an object answers them 403 or 404 and changes nothing.
OTHER_TERRITORY_ALLOWED = {
    "territory_detail": "every reader reads every territory's page (summaries, no personal data)",
    "actor_detail": "the actors directory is shared: every reader reads an actor's page (contacts hidden)",
    "actor_propose": "adding another territory's actor to one's own territory is what a referent may do with it",
    "cooperation_detail": "every reader reads the cooperations of every territory",
    "need_detail": "every reader reads the reviewed needs of every territory",
    "opportunity_detail": "every reader reads the opportunities of every territory",
    "event_detail": "every reader reads the animation events of every territory",
    "project_detail": "referents read every project of the region (the leader's personal data hidden)",
    "project_history": "referents read every project's history (the leader's personal data masked)",
    "call_for_ideas": "public: anyone sends an idea to an active territory",
    "call_for_ideas_receipt": "public: the thank-you page after sending an idea",
    "project_journal": "referents read the journal of every project of the region (shareable entries only)",
}


def argument_names(route):
    return re.findall(r"<(?:\w+:)?(\w+)>", route)


def has_arguments(route):
    return bool(re.search(r"<[^>]+>|\(\?P<", route))


def url_name(namespace, name):
    return f"{namespace}:{name}" if namespace else name


def build_kwargs(route, name, user):
    kwargs = {}
    for argument in argument_names(route):
        assert argument in ARGUMENT_BUILDERS, f"add an argument builder for <{argument}> of {name} ({route})"
        kwargs[argument] = ARGUMENT_BUILDERS[argument](user)
    return kwargs


def stashed_key(client, name, user):
    """Upload a valid file through the import page, as `user` (logged in on `client`); returns the stash key."""
    assert name in STASHED_IMPORTS, f"add the upload page and a valid file of {name} to STASHED_IMPORTS"
    upload_name, make_file, _shown = STASHED_IMPORTS[name]
    response = client.post(reverse(upload_name), {"file": make_file(user)})
    assert response.status_code == 302, f"{upload_name} did not take the test file: {text(response)[:2000]}"
    return resolve(response["Location"]).kwargs["key"]


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def get_then_post_only(client, url, name, user):
    """The GET answer, or for a view that only answers POST, the answer to a POST (with POST_DATA's body)."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, POST_DATA.get(name, lambda user: {})(user))
        response.posted = True
    return response


def assert_answers_as_policy_says(response, url, user, policy, allowed):
    role = user.role if user else "anonymous"
    if allowed:
        assert response.status_code != 403, f"{url} refused {role} under {policy}"
        assert response.status_code < 500, f"{url} answered {response.status_code} to {role}"
        if response.status_code == 302:
            assert LOGIN_PATH not in response["Location"], f"{url} sent {role} to login"
    elif user is None:
        assert response.status_code == 302 and LOGIN_PATH in response["Location"], url
    else:
        assert response.status_code == 403, f"{url} let {role} in under {policy}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, *ROLES])
def test_own_urls_answer_as_their_policy_says(client, role):
    """GET, then a POST where the view only answers POST; who is refused is refused a POST as well."""
    user = UserFactory(role=role) if role else None
    checked = confirmed = 0
    posted = set()
    for route, namespace, name, callback in own_urls():
        policy = callback.access_policy
        allowed = policy.allows(user) if user else not policy.login_required
        client.logout()
        if user:
            client.force_login(user)
        kwargs = build_kwargs(route, name, user)
        if "key" in kwargs and allowed:
            kwargs["key"] = stashed_key(client, name, user)
        url = reverse(url_name(namespace, name), kwargs=kwargs)
        response = get_then_post_only(client, url, name, user)
        assert_answers_as_policy_says(response, url, user, policy, allowed)
        if getattr(response, "posted", False):
            posted.add(name)
        elif not allowed:
            response = client.post(url, POST_DATA.get(name, lambda user: {})(user))
            assert_answers_as_policy_says(response, url, user, policy, allowed)
            posted.add(name)
        if "key" in kwargs and allowed:
            # The preview of the stashed file, then its confirmation, which saves its line.
            shown = STASHED_IMPORTS[name][2]
            assert response.status_code == 200 and shown in text(response), f"{url} previewed nothing for {role}"
            before = row_counts()
            response = client.post(url)
            assert response.status_code == 302 and LOGIN_PATH not in response["Location"], url
            assert sum(row_counts().values()) > sum(before.values()), f"{url} saved nothing for {role}"
            confirmed += 1
        checked += 1
    assert checked >= 5
    assert {"invitation_revoke", "actor_propose", "contact_delete"} <= posted
    if role == Role.COORDINATOR:
        assert confirmed == len(STASHED_IMPORTS)
    elif role == Role.REFERENT:
        assert confirmed == 2  # referents import needs and projects; actors are imported by coordinators


@pytest.mark.django_db
def test_a_referent_of_another_territory_cannot_act_on_its_objects(client):
    """For every URL that takes an object: GET and POST as a referent of another territory are refused (403 or
    404) and change nothing, except the URLs of OTHER_TERRITORY_ALLOWED, which do let them in."""
    owner = UserFactory(role=Role.REFERENT)
    intruder = UserFactory(role=Role.REFERENT)
    factories.EngagedTerritoryFactory(referent_actor=intruder.organisation)
    client.force_login(intruder)
    checked = set()
    for route, namespace, name, _callback in own_urls():
        if not set(argument_names(route)) - NOT_OBJECTS:
            continue
        url = reverse(url_name(namespace, name), kwargs=build_kwargs(route, name, owner))
        if name in OTHER_TERRITORY_ALLOWED:
            response = get_then_post_only(client, url, name, intruder)
            assert response.status_code < 400, f"{url} refuses another territory's referent: update the allow-list"
            continue
        before = row_counts()
        # 405: a view that only answers POST says so before looking at the object; the POST below does.
        assert client.get(url).status_code in (403, 404, 405), f"{url} opened to another territory's referent"
        response = client.post(url, POST_DATA.get(name, lambda user: {})(intruder))
        assert response.status_code in (403, 404), f"{url} took a POST from another territory's referent"
        assert row_counts() == before, f"{url} changed data for another territory's referent"
        checked.add(name)
    assert {"need_edit", "actor_edit", "contact_delete", "contact_edit", "event_edit"} <= checked


@pytest.mark.django_db
def test_every_allowed_url_takes_an_object():
    """The allow-list names only URLs that exist and take an object, so it cannot go stale silently."""
    takes_object = {name for route, _ns, name, _cb in own_urls() if set(argument_names(route)) - NOT_OBJECTS}
    assert set(OTHER_TERRITORY_ALLOWED) <= takes_object


def test_every_url_declares_a_policy():
    missing = [
        f"{route} ({name})"
        for route, namespace, name, callback in all_urls()
        if getattr(callback, "access_policy", None) is None and third_party_policy(namespace, name) is None
    ]
    assert missing == [], f"URLs without an access policy: {missing}"


def test_a_view_without_policy_is_detected():
    assert third_party_policy(None, "some_new_view") is None


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
