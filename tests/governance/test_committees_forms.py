"""Creating and editing committees and their members: coordinators alone, French refusals, nothing saved on bad
input, concurrent edits refused, history kept."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from core.versioning import CONCURRENT_EDIT_MESSAGE, ConcurrentEditError
from governance.models import Committee, CommitteeMember
from governance.services.committees import committee_create, committee_update, member_create, member_update

from ..fabrique.factories import UserFactory
from ..helpers import text
from ..territories.factories import ActorFactory, EngagedTerritoryFactory
from .factories import CommitteeFactory, CommitteeMemberFactory

CREATE_URL = reverse("committee_create")


def edit_url(committee):
    return reverse("committee_edit", kwargs={"committee": committee.pk})


def member_create_url(committee):
    return reverse("member_create", kwargs={"committee": committee.pk})


def member_edit_url(member):
    return reverse("member_edit", kwargs={"member": member.pk})


def day(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).strftime("%d/%m/%Y")


@pytest.fixture
def committee(db):
    return CommitteeFactory(name="Comité de pilotage")


# --- Access -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.REFERENT, Role.PARTNER, Role.STAFF])
def test_only_coordinators_open_the_forms(client, committee, role):
    user = UserFactory(role=role)
    member = CommitteeMemberFactory(
        committee=committee,
        user=user if role == Role.PARTNER else None,
        representative_name="" if role == Role.PARTNER else "Jean",
        actor=user.organisation,
    )
    client.force_login(user)
    for url in (CREATE_URL, edit_url(committee), member_create_url(committee), member_edit_url(member)):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "Piraté"}).status_code == 403, url
    assert not Committee.objects.filter(name="Piraté").exists()


def test_anonymous_is_sent_to_login(client, committee):
    for url in (CREATE_URL, edit_url(committee), member_create_url(committee)):
        response = client.get(url)
        assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_services_refuse_non_coordinators(committee, referent):
    with pytest.raises(PermissionDenied):
        committee_create(by=referent, name="X", kind=Committee.Kind.OTHER)
    with pytest.raises(PermissionDenied):
        member_create(committee=committee, by=referent, user=referent)


# --- Committees -------------------------------------------------------------------------------------


def test_coordinator_creates_a_territorial_committee(client, coordinator):
    territory = EngagedTerritoryFactory(name="Beauvaisis")
    client.force_login(coordinator)
    assert client.get(CREATE_URL).status_code == 200
    response = client.post(
        CREATE_URL,
        {
            "name": "Comité technique du Beauvaisis",
            "kind": "technical",
            "purpose": "Suit les études.",
            "territory": territory.pk,
            "is_active": "on",
        },
    )
    committee = Committee.objects.get(name="Comité technique du Beauvaisis")
    assert response.status_code == 302 and response["Location"] == reverse(
        "committee_detail", kwargs={"committee": committee.pk}
    )
    assert committee.territory == territory and committee.version == 1
    assert committee.history.get().history_user == coordinator


def test_committee_without_territory_is_the_regions(client, coordinator):
    client.force_login(coordinator)
    client.post(CREATE_URL, {"name": "Comité de pilotage régional", "kind": "steering", "is_active": "on"})
    assert Committee.objects.get(name="Comité de pilotage régional").territory is None


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"kind": "steering"}, "name", "Ce champ est obligatoire."),
        ({"name": "Comité", "kind": "inconnu"}, "kind", "Sélectionnez un choix valide."),
        ({"name": "Comité", "kind": "steering", "territory": "999999"}, "territory", "Sélectionnez un choix valide."),
        ({"name": "Comité\x00", "kind": "steering"}, "name", "caractère nul"),
    ],
)
def test_committee_bad_input_saves_nothing(client, coordinator, data, field, message):
    client.force_login(coordinator)
    response = client.post(CREATE_URL, data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert text(response).count("Erreur") >= 1
    assert not Committee.objects.exists()


def test_coordinator_edits_a_committee(client, coordinator, committee):
    client.force_login(coordinator)
    response = client.post(
        edit_url(committee),
        {"name": "Comité de pilotage annuel", "kind": "steering", "version": committee.version, "is_active": "on"},
    )
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.name == "Comité de pilotage annuel" and committee.version == 2


def test_concurrent_committee_edit_is_refused(client, coordinator, committee):
    stale = committee.version
    committee_update(committee=committee, by=coordinator, expected_version=stale, name="Modifié ailleurs")
    client.force_login(coordinator)
    response = client.post(edit_url(committee), {"name": "Ma version", "kind": "steering", "version": stale})
    assert response.status_code == 200 and str(CONCURRENT_EDIT_MESSAGE) in text(response)
    committee.refresh_from_db()
    assert committee.name == "Modifié ailleurs"


# --- Members ----------------------------------------------------------------------------------------


def member_data(**values):
    data = {"position": "member", "start_on": day(0)}
    data.update(values)
    return data


def test_coordinator_seats_a_platform_user_with_their_organisation(client, coordinator, committee):
    partner = UserFactory(role=Role.PARTNER, organisation=ActorFactory(name="Conseil départemental"))
    client.force_login(coordinator)
    page = text(client.get(member_create_url(committee)))
    assert "Conseil départemental" in page
    response = client.post(member_create_url(committee), member_data(user=partner.pk, position="chair"))
    assert response.status_code == 302
    member = CommitteeMember.objects.get(committee=committee)
    assert member.user == partner and member.actor == partner.organisation and member.position == "chair"
    assert member.history.get().history_user == coordinator


def test_coordinator_seats_a_named_representative(client, coordinator, committee):
    actor = ActorFactory(name="Banque des territoires")
    client.force_login(coordinator)
    response = client.post(
        member_create_url(committee),
        member_data(representative_name="Jeanne Déléguée", representative_email="jeanne@bdt.example", actor=actor.pk),
    )
    assert response.status_code == 302
    member = CommitteeMember.objects.get(committee=committee)
    assert member.user is None and member.actor == actor and member.display_name == "Jeanne Déléguée"


@pytest.mark.parametrize(
    "values, field, message",
    [
        ({}, "user", "Choisissez un·e utilisateur·rice de la plateforme, ou donnez le nom"),
        ({"representative_name": "Jean"}, "actor", "Choisissez l’organisation que représente cette personne."),
        ({"user": "USER", "representative_name": "Jean"}, "representative_name", "soit un·e utilisateur·rice"),
        ({"user": "USER", "end_on": day(-10), "start_on": day(0)}, "end_on", "La fin du mandat ne peut pas précéder"),
        ({"user": "USER", "start_on": "32/13/2026"}, "start_on", ""),
        ({"user": "999999"}, "user", "Choisissez une personne de la liste."),
        ({"representative_name": "Jean", "actor": "999999"}, "actor", "Choisissez une organisation de la liste."),
        (
            {"representative_name": "Jean", "actor": "ACTOR", "representative_email": "pas-un-mail"},
            "representative_email",
            "",
        ),
        ({"user": "USER", "position": "roi"}, "position", "Sélectionnez un choix valide."),
    ],
)
def test_member_bad_input_saves_nothing(client, coordinator, committee, values, field, message):
    partner = UserFactory(role=Role.PARTNER)
    actor = ActorFactory()
    replaced = {key: {"USER": partner.pk, "ACTOR": actor.pk}.get(value, value) for key, value in values.items()}
    client.force_login(coordinator)
    response = client.post(member_create_url(committee), member_data(**replaced))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and all(error for error in errors[field])
    assert any(message in error for error in errors[field])
    assert not CommitteeMember.objects.exists()


def test_the_same_user_is_not_seated_twice_at_overlapping_dates(client, coordinator, committee):
    partner = UserFactory(role=Role.PARTNER)
    CommitteeMemberFactory(committee=committee, user=partner)  # since a year ago, no end
    client.force_login(coordinator)
    response = client.post(member_create_url(committee), member_data(user=partner.pk))
    assert response.status_code == 200
    assert "siège déjà dans ce comité à ces dates" in response.context["form"].errors["user"][0]
    assert CommitteeMember.objects.count() == 1


def test_a_user_may_sit_again_after_their_seat_ended(coordinator, committee):
    partner = UserFactory(role=Role.PARTNER)
    CommitteeMemberFactory(committee=committee, user=partner, end_on=timezone.localdate() - datetime.timedelta(days=1))
    member_create(committee=committee, by=coordinator, user=partner, start_on=timezone.localdate())
    assert CommitteeMember.objects.filter(user=partner).count() == 2
    # …and on another committee at the same time.
    member_create(committee=CommitteeFactory(), by=coordinator, user=partner, start_on=timezone.localdate())


def test_service_refuses_overlap_in_french(coordinator, committee):
    partner = UserFactory(role=Role.PARTNER)
    CommitteeMemberFactory(committee=committee, user=partner, start_on=timezone.localdate())
    with pytest.raises(ValidationError) as refused:
        member_create(
            committee=committee,
            by=coordinator,
            user=partner,
            start_on=timezone.localdate() - datetime.timedelta(days=30),
            end_on=timezone.localdate(),
        )
    assert "siège déjà" in refused.value.message_dict["user"][0]


def test_ending_a_seat_is_an_edit_with_its_end_date(client, coordinator, committee):
    member = CommitteeMemberFactory(committee=committee)
    client.force_login(coordinator)
    page = text(client.get(member_edit_url(member)))
    assert "fin" in page
    response = client.post(
        member_edit_url(member),
        {
            "position": "vice_chair",
            "start_on": member.start_on.strftime("%d/%m/%Y"),
            "end_on": day(0),
            "version": member.version,
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.end_on == timezone.localdate() and member.position == "vice_chair" and member.version == 2


def test_an_edit_keeps_the_seat_holder(client, coordinator, committee):
    member = CommitteeMemberFactory(committee=committee)
    other = UserFactory(role=Role.PARTNER)
    client.force_login(coordinator)
    client.post(
        member_edit_url(member),
        {
            "user": other.pk,
            "position": "member",
            "start_on": member.start_on.strftime("%d/%m/%Y"),
            "version": member.version,
        },
    )
    member.refresh_from_db()
    assert member.user != other


def test_edit_end_before_start_saves_nothing(client, coordinator, committee):
    member = CommitteeMemberFactory(committee=committee)
    client.force_login(coordinator)
    response = client.post(
        member_edit_url(member),
        {"position": "member", "start_on": day(0), "end_on": day(-5), "version": member.version},
    )
    assert response.status_code == 200 and "La fin du mandat" in text(response)
    member.refresh_from_db()
    assert member.end_on is None and member.version == 1


def test_concurrent_member_edit_is_refused(client, coordinator, committee):
    member = CommitteeMemberFactory(committee=committee)
    stale = member.version
    member_update(member=member, by=coordinator, expected_version=stale, position="secretary")
    client.force_login(coordinator)
    response = client.post(
        member_edit_url(member),
        {"position": "guest", "start_on": member.start_on.strftime("%d/%m/%Y"), "version": stale},
    )
    assert response.status_code == 200 and str(CONCURRENT_EDIT_MESSAGE) in text(response)
    member.refresh_from_db()
    assert member.position == "secretary"
    with pytest.raises(ConcurrentEditError):
        member_update(member=member, by=coordinator, expected_version=stale, position="guest")


def test_an_empty_member_form_speaks_french_on_every_field(client, coordinator, committee):
    client.force_login(coordinator)
    response = client.post(member_create_url(committee), {})
    errors = response.context["form"].errors
    assert set(errors) == {"user", "position", "start_on"}
    assert "contrainte" not in text(response)
    assert not CommitteeMember.objects.exists()


def test_an_empty_target_or_committee_form_saves_nothing(client, coordinator):
    client.force_login(coordinator)
    for url in (CREATE_URL, reverse("target_create")):
        response = client.post(url, {})
        assert response.status_code == 200 and "contrainte" not in text(response)
    assert not Committee.objects.exists()


def test_a_representatives_seat_is_edited_without_the_user_field(client, coordinator, committee):
    member = CommitteeMemberFactory(
        committee=committee, user=None, actor=ActorFactory(), representative_name="Jean Délégué"
    )
    client.force_login(coordinator)
    form = client.get(member_edit_url(member)).context["form"]
    assert "user" not in form.fields and "representative_name" in form.fields
    response = client.post(
        member_edit_url(member),
        {
            "representative_name": "Jeanne Déléguée",
            "position": "member",
            "start_on": member.start_on.strftime("%d/%m/%Y"),
            "version": member.version,
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.representative_name == "Jeanne Déléguée"
    response = client.post(
        member_edit_url(member),
        {
            "representative_name": "",
            "position": "member",
            "start_on": member.start_on.strftime("%d/%m/%Y"),
            "version": member.version,
        },
    )
    assert response.status_code == 200 and "representative_name" in response.context["form"].errors
    assert "contrainte" not in text(response)
