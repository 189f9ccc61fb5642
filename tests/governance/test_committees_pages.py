"""The committees list and a committee's page: per role, what each must not show, query budgets."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from governance.models import Committee, CommitteeMember, Meeting

from ..fabrique.factories import UserFactory
from ..helpers import text
from ..projects.factories import ProjectFactory
from ..territories.factories import ActorFactory, EngagedTerritoryFactory
from .factories import (
    ActionItemFactory,
    AgendaItemFactory,
    CommitteeFactory,
    CommitteeMemberFactory,
    DecisionFactory,
    MeetingFactory,
)

LIST_URL = reverse("committee_list")


def detail_url(committee):
    return reverse("committee_detail", kwargs={"committee": committee.pk})


def at(days, hour=14):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def meeting(committee, days, **kwargs):
    return MeetingFactory(committee=committee, starts_at=at(days), ends_at=at(days, 17), **kwargs)


@pytest.fixture
def committee(db):
    return CommitteeFactory(name="Comité de pilotage régional", purpose="Décide du lancement des études.")


@pytest.fixture
def seated_partner(committee, partner):
    CommitteeMemberFactory(committee=committee, user=partner, position=CommitteeMember.Position.MEMBER)
    return partner


# --- The list ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.REFERENT])
def test_list_shows_every_committee_to_coordinators_and_referents(client, committee, role):
    other = CommitteeFactory(name="Comité technique de l’Aisne", kind=Committee.Kind.TECHNICAL)
    client.force_login(UserFactory(role=role))
    page = text(client.get(LIST_URL))
    assert committee.name in page and other.name in page


def test_list_shows_a_partner_only_the_committees_they_sit_on(client, committee, seated_partner):
    CommitteeFactory(name="Comité où il ne siège pas")
    client.force_login(seated_partner)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    page = text(response)
    assert committee.name in page and "Comité où il ne siège pas" not in page


def test_list_shows_nothing_to_a_partner_who_sits_nowhere(client, committee, partner):
    client.force_login(partner)
    response = client.get(LIST_URL)
    assert response.status_code == 200 and committee.name not in text(response)
    assert list(response.context["listing"].rows) == []


def test_list_refuses_staff_and_sends_anonymous_to_login(client, committee, staff):
    client.force_login(staff)
    assert client.get(LIST_URL).status_code == 403
    client.logout()
    response = client.get(LIST_URL)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_list_shows_kind_scope_chair_count_and_next_meeting(client, coordinator, committee):
    territorial = CommitteeFactory(
        name="Comité technique du Vermandois",
        kind=Committee.Kind.TECHNICAL,
        territory=EngagedTerritoryFactory(name="Pays du Vermandois"),
    )
    chair = UserFactory(first_name="Claire", last_name="Présidente", organisation=ActorFactory(name="Région"))
    CommitteeMemberFactory(committee=committee, user=chair, position=CommitteeMember.Position.CHAIR)
    CommitteeMemberFactory(committee=committee)
    CommitteeMemberFactory(committee=committee, end_on=timezone.localdate() - datetime.timedelta(days=1))
    meeting(committee, 20)
    meeting(committee, 40)
    meeting(committee, -20)
    client.force_login(coordinator)
    response = client.get(LIST_URL)
    rows = {row.name: row for row in response.context["listing"].rows}
    assert rows[committee.name].member_count == 2  # the ended seat is not counted
    assert timezone.localdate(rows[committee.name].next_meeting_at) == timezone.localdate(at(20))
    assert rows[territorial.name].member_count == 0 and rows[territorial.name].next_meeting_at is None
    page = text(response)
    assert "Claire Présidente (Région)" in page
    assert "Pays du Vermandois" in page and "comité technique" in page
    assert reverse("committee_create") in page


def test_list_next_meeting_of_a_partner_is_never_a_planned_one(client, committee, seated_partner):
    meeting(committee, 10, status=Meeting.Status.PLANNED)
    meeting(committee, 30, status=Meeting.Status.CONVENED)
    client.force_login(seated_partner)
    (row,) = client.get(LIST_URL).context["listing"].rows
    assert timezone.localdate(row.next_meeting_at) == timezone.localdate(at(30))


@pytest.mark.parametrize("role", [Role.REFERENT, Role.PARTNER])
def test_list_offers_no_new_committee_button_to_readers(client, seated_partner, role):
    client.force_login(seated_partner if role == Role.PARTNER else UserFactory(role=role))
    assert reverse("committee_create") not in text(client.get(LIST_URL))


def test_list_filters_by_kind_and_text(client, coordinator, committee):
    CommitteeFactory(name="Comité technique", kind=Committee.Kind.TECHNICAL)
    client.force_login(coordinator)
    rows = client.get(LIST_URL, {"type": "technical"}).context["listing"].rows
    assert [row.name for row in rows] == ["Comité technique"]
    rows = client.get(LIST_URL, {"q": "régional"}).context["listing"].rows
    assert [row.name for row in rows] == [committee.name]


def test_list_export_holds_no_email(client, coordinator, committee):
    CommitteeMemberFactory(committee=committee, position=CommitteeMember.Position.CHAIR)
    client.force_login(coordinator)
    response = client.get(LIST_URL, {"export": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert committee.name in content and "@" not in content


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_budget_does_not_grow_with_rows(client, coordinator, django_assert_max_num_queries, count):
    for index in range(count):
        committee = CommitteeFactory(territory=EngagedTerritoryFactory() if index % 2 else None)
        CommitteeMemberFactory(committee=committee, position=CommitteeMember.Position.CHAIR)
        CommitteeMemberFactory(committee=committee)
        meeting(committee, 10 + index)
    client.force_login(coordinator)
    with django_assert_max_num_queries(5):
        response = client.get(LIST_URL)
    assert len(response.context["listing"].rows) == min(count, 25)


# --- A committee's page -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.REFERENT])
def test_detail_opens_to_coordinators_and_referents(client, committee, role):
    client.force_login(UserFactory(role=role))
    response = client.get(detail_url(committee))
    assert response.status_code == 200
    page = text(response)
    assert committee.name in page and "Décide du lancement des études." in page


def test_detail_opens_to_a_partner_who_sits_on_it(client, committee, seated_partner):
    client.force_login(seated_partner)
    assert client.get(detail_url(committee)).status_code == 200


def test_detail_opens_to_a_partner_whose_organisation_is_named(client, committee, partner):
    CommitteeMemberFactory(committee=committee, user=None, actor=partner.organisation, representative_name="Élu")
    client.force_login(partner)
    assert client.get(detail_url(committee)).status_code == 200


def test_detail_refuses_a_partner_who_does_not_sit_on_it(client, committee, partner):
    CommitteeMemberFactory(committee=committee, user=partner, end_on=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(partner)
    assert client.get(detail_url(committee)).status_code == 403


def test_detail_refuses_staff_and_sends_anonymous_to_login(client, committee, staff):
    client.force_login(staff)
    assert client.get(detail_url(committee)).status_code == 403
    client.logout()
    response = client.get(detail_url(committee))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_detail_of_an_unknown_committee_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("committee_detail", kwargs={"committee": 999999})).status_code == 404


def test_detail_shows_composition_current_and_past(client, coordinator, committee):
    chair = UserFactory(first_name="Claire", last_name="Présidente", organisation=ActorFactory(name="Conseil régional"))
    CommitteeMemberFactory(committee=committee, user=chair, position=CommitteeMember.Position.CHAIR)
    CommitteeMemberFactory(
        committee=committee,
        user=None,
        actor=ActorFactory(name="Caisse des dépôts"),
        representative_name="Jean Représentant",
        representative_email="jean@caisse.example",
    )
    CommitteeMemberFactory(
        committee=committee,
        user=UserFactory(first_name="Ancien", last_name="Membre"),
        end_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    client.force_login(coordinator)
    response = client.get(detail_url(committee))
    current = [member.display_name for member in response.context["current_members"]]
    assert current == ["Claire Présidente", "Jean Représentant"]  # the chair first
    assert [member.display_name for member in response.context["past_members"]] == ["Ancien Membre"]
    page = text(response)
    assert "président·e" in page and "Conseil régional" in page and "Caisse des dépôts" in page
    assert "<details>" in page and "Ancien Membre" in page
    assert "jean@caisse.example" in page  # coordinators reach the members
    assert reverse("member_create", kwargs={"committee": committee.pk}) in page
    assert reverse("committee_edit", kwargs={"committee": committee.pk}) in page
    assert reverse("meeting_create", kwargs={"committee": committee.pk}) in page


@pytest.mark.parametrize("role", [Role.REFERENT, Role.PARTNER])
def test_detail_hides_emails_and_management_from_readers(client, committee, seated_partner, role):
    CommitteeMemberFactory(
        committee=committee, user=None, actor=ActorFactory(), representative_name="Jean", representative_email="j@x.fr"
    )
    client.force_login(seated_partner if role == Role.PARTNER else UserFactory(role=role))
    page = text(client.get(detail_url(committee)))
    assert "j@x.fr" not in page and seated_partner.email not in page
    for name in ("member_create", "committee_edit", "meeting_create"):
        assert reverse(name, kwargs={"committee": committee.pk}) not in page
    assert "Historique des modifications" not in page


def test_detail_shows_meetings_to_come_and_past(client, coordinator, committee):
    soon = meeting(committee, 7, title="Séance de printemps", status=Meeting.Status.PLANNED)
    past = meeting(committee, -30, title="Séance d’hiver", status=Meeting.Status.HELD)
    meeting(CommitteeFactory(), 5, title="Séance d’un autre comité")
    client.force_login(coordinator)
    response = client.get(detail_url(committee))
    assert [row.pk for row in response.context["next_meetings"].rows] == [soon.pk]
    assert [row.pk for row in response.context["past_meetings"].rows] == [past.pk]
    page = text(response)
    assert reverse("meeting_detail", kwargs={"meeting": soon.pk}) in page
    assert "Séance d’un autre comité" not in page


def test_detail_never_shows_a_partner_a_planned_meeting(client, committee, seated_partner):
    meeting(committee, 7, title="Séance en préparation", status=Meeting.Status.PLANNED)
    meeting(committee, 14, title="Séance convoquée", status=Meeting.Status.CONVENED)
    client.force_login(seated_partner)
    page = text(client.get(detail_url(committee)))
    assert "Séance convoquée" in page and "Séance en préparation" not in page


def test_detail_shows_decisions_of_the_year_without_leader_data(client, committee, seated_partner):
    project = ProjectFactory(title="Garage solidaire", leader_name="Paul Porteur", leader_email="paul@porteur.example")
    held = meeting(committee, -10, status=Meeting.Status.HELD)
    item = AgendaItemFactory(meeting=held, project=project)
    decision = DecisionFactory(agenda_item=item, decided_on=timezone.localdate())
    last_year = DecisionFactory(
        agenda_item=AgendaItemFactory(meeting=held), decided_on=timezone.localdate().replace(year=2000)
    )
    client.force_login(seated_partner)
    response = client.get(detail_url(committee))
    assert [row.pk for row in response.context["decisions"].rows] == [decision.pk]
    page = text(response)
    assert "Garage solidaire" in page and reverse("decision_detail", kwargs={"decision": decision.pk}) in page
    assert reverse("decision_detail", kwargs={"decision": last_year.pk}) not in page
    assert reverse("decision_list") in page
    assert "Paul Porteur" not in page and "paul@porteur.example" not in page


def test_detail_shows_open_action_items_overdue_flagged(client, coordinator, committee):
    held = meeting(committee, -10, status=Meeting.Status.HELD)
    overdue = timezone.localdate() - datetime.timedelta(days=2)
    ActionItemFactory(meeting=held, description="Relancer le département", due_on=overdue)
    ActionItemFactory(meeting=held, description="Envoyer le compte rendu")
    ActionItemFactory(meeting=held, description="Action close", done_on=timezone.localdate())
    client.force_login(coordinator)
    response = client.get(detail_url(committee))
    descriptions = [row.description for row in response.context["action_items"].rows]
    assert descriptions == ["Relancer le département", "Envoyer le compte rendu"]
    page = text(response)
    assert page.count("en retard") == 1 and "Action close" not in page


def test_detail_hides_action_items_of_a_planned_meeting_from_partners(client, committee, seated_partner):
    planned = meeting(committee, 10, status=Meeting.Status.PLANNED)
    ActionItemFactory(meeting=planned, description="Préparer la note confidentielle")
    client.force_login(seated_partner)
    assert "Préparer la note confidentielle" not in text(client.get(detail_url(committee)))


def fill(committee, count):
    for index in range(count):
        CommitteeMemberFactory(committee=committee)
        CommitteeMemberFactory(committee=committee, end_on=timezone.localdate() - datetime.timedelta(days=1))
        past = meeting(committee, -1 - index, status=Meeting.Status.HELD)
        meeting(committee, 1 + index)
        DecisionFactory(agenda_item=AgendaItemFactory(meeting=past), decided_on=timezone.localdate())
        ActionItemFactory(meeting=past)


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PARTNER])
def test_detail_query_budget_does_not_grow_with_rows(client, committee, django_assert_max_num_queries, count, role):
    fill(committee, count)
    user = UserFactory(role=role)
    if role == Role.PARTNER:
        CommitteeMemberFactory(committee=committee, user=user)
    client.force_login(user)
    # Session, user, committee, members, meetings, decisions, actions, (a coordinator's history), the packs block.
    with django_assert_max_num_queries(9):
        response = client.get(detail_url(committee))
    assert response.status_code == 200
    assert response.context["decisions"].total == count and response.context["action_items"].total == count
    assert len(response.context["past_meetings"].rows) == min(count, 10)


def test_detail_shows_the_soonest_meetings_to_come_and_the_latest_past_ones(client, coordinator, committee):
    coming = [meeting(committee, days) for days in range(1, 13)]
    past = [meeting(committee, -days) for days in range(1, 14)]
    client.force_login(coordinator)
    response = client.get(detail_url(committee))
    next_block, past_block = response.context["next_meetings"], response.context["past_meetings"]
    assert [row.pk for row in next_block.rows] == [row.pk for row in coming[:10]]
    assert [row.pk for row in past_block.rows] == [row.pk for row in past[:10]]
    assert (next_block.total, past_block.total) == (12, 13) and next_block.more and past_block.more


def test_detail_shows_a_new_decision_and_a_new_meeting_at_once(client, coordinator, committee):
    """The blocks come from the aggregates cache: a decision or a meeting saved afterwards shows at the next read."""
    client.force_login(coordinator)
    held = meeting(committee, -3, status=Meeting.Status.HELD)
    item = AgendaItemFactory(meeting=held, project=ProjectFactory(title="Épicerie itinérante"))
    assert "Épicerie itinérante" not in text(client.get(detail_url(committee)))
    DecisionFactory(agenda_item=item, decided_on=timezone.localdate())
    assert "Épicerie itinérante" in text(client.get(detail_url(committee)))
    meeting(committee, 20, title="Séance de printemps")
    assert "Séance de printemps" in text(client.get(detail_url(committee)))
