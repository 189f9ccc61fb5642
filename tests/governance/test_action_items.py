"""Action items raised in a meeting: what, who, by when; marked done, also after the minutes are approved, when
only their follow-up still changes; the open ones of a committee for its page."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from governance.models import ActionItem, Meeting
from governance.selectors.meetings import action_items_open
from governance.services.action_items import action_item_create, action_item_mark_done, action_item_update

from ..helpers import text
from .factories import ActionItemFactory, AgendaItemFactory, CommitteeMemberFactory, MeetingFactory


@pytest.fixture
def meeting(db):
    return MeetingFactory(status=Meeting.Status.HELD)


def test_coordinator_raises_an_action_for_a_member(client_for, coordinator, meeting):
    member = CommitteeMemberFactory(committee=meeting.committee)
    item = AgendaItemFactory(meeting=meeting)
    client = client_for(coordinator)
    url = reverse("action_item_create", kwargs={"meeting": meeting.pk})
    assert member.user.last_name in text(client.get(url))
    due = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "description": "Chiffrer le local",
        "agenda_item": item.pk,
        "owner": member.user.pk,
        "due_on": due.strftime("%d/%m/%Y"),
    }
    assert client.post(url, data).status_code == 302
    action = ActionItem.objects.get()
    assert (action.owner, action.agenda_item, action.due_on, action.meeting) == (member.user, item, due, meeting)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"description": "Relancer"}, "Indiquez le ou la responsable"),
        ({"description": "", "owner_name": "CRESS"}, "Ce champ est obligatoire."),
        ({"description": "Relancer", "owner_name": "CRESS", "due_on": "1er mars"}, "Date illisible"),
    ],
)
def test_bad_action_input_is_refused_in_french(client_for, coordinator, meeting, data, message):
    response = client_for(coordinator).post(reverse("action_item_create", kwargs={"meeting": meeting.pk}), data)
    assert response.status_code == 200 and message in text(response)
    assert not ActionItem.objects.exists()


def test_an_agenda_item_of_another_meeting_is_refused(coordinator, meeting):
    other_item = AgendaItemFactory(meeting=MeetingFactory())
    with pytest.raises(ValidationError) as refused:
        action_item_create(meeting=meeting, by=coordinator, description="x", owner_name="A", agenda_item=other_item)
    assert "agenda_item" in refused.value.error_dict


def test_actions_wait_for_the_convocation(client_for, coordinator):
    planned = MeetingFactory(status=Meeting.Status.PLANNED)
    with pytest.raises(ValidationError, match="convoquez"):
        action_item_create(meeting=planned, by=coordinator, description="x", owner_name="A")
    response = client_for(coordinator).get(reverse("action_item_create", kwargs={"meeting": planned.pk}), follow=True)
    assert "convoquez" in text(response)


def test_an_action_is_marked_done_once(client_for, coordinator, meeting):
    action = ActionItemFactory(meeting=meeting)
    client = client_for(coordinator)
    response = client.post(reverse("action_item_done", kwargs={"action_item": action.pk}), {"version": action.version})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()
    response = client.post(
        reverse("action_item_done", kwargs={"action_item": action.pk}), {"version": action.version}, follow=True
    )
    assert "déjà faite" in text(response)


def test_after_approval_only_the_follow_up_changes(client_for, coordinator):
    frozen = MeetingFactory(status=Meeting.Status.MINUTES_APPROVED)
    action = ActionItemFactory(meeting=frozen, description="Envoyer le dossier")
    with pytest.raises(ValidationError, match="approuvé"):
        action_item_create(meeting=frozen, by=coordinator, description="Nouvelle", owner_name="A")
    with pytest.raises(ValidationError, match="approuvé"):
        action_item_update(action_item=action, by=coordinator, expected_version=action.version, description="Autre")
    later = timezone.localdate() + datetime.timedelta(days=60)
    action = action_item_update(action_item=action, by=coordinator, expected_version=action.version, due_on=later)
    assert action.due_on == later
    action = action_item_mark_done(action_item=action, by=coordinator, expected_version=action.version)
    assert action.is_done
    # The edit page keeps the action's text as it was decided.
    response = client_for(coordinator).post(
        reverse("action_item_edit", kwargs={"action_item": action.pk}),
        {"description": "Réécrite", "owner_name": "CRESS", "version": action.version},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.description == "Envoyer le dossier" and action.owner_name == "CRESS"


def test_actions_are_managed_by_coordinators_only(client_for, referent, partner, meeting):
    action = ActionItemFactory(meeting=meeting)
    CommitteeMemberFactory(committee=meeting.committee, user=partner)
    for user in (referent, partner):
        client = client_for(user)
        assert client.post(reverse("action_item_done", kwargs={"action_item": action.pk})).status_code == 403
        assert client.get(reverse("action_item_edit", kwargs={"action_item": action.pk})).status_code == 403
        with pytest.raises(PermissionDenied):
            action_item_mark_done(action_item=action, by=user, expected_version=action.version)
    action.refresh_from_db()
    assert not action.is_done


def test_a_committees_open_actions_come_overdue_first(meeting):
    today = timezone.localdate()
    later = ActionItemFactory(meeting=meeting, due_on=today + datetime.timedelta(days=5))
    overdue = ActionItemFactory(meeting=meeting, due_on=today - datetime.timedelta(days=5))
    undated = ActionItemFactory(meeting=meeting, due_on=None)
    ActionItemFactory(meeting=meeting, done_on=today)
    ActionItemFactory(meeting=MeetingFactory())
    assert action_items_open(committee=meeting.committee) == [overdue, later, undated]
