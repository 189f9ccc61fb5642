"""Meetings in calendars: one meeting's .ics for its readers, the personal feed page, and the feed itself, public
but opened only by a valid signed token, listing what its owner may read of their own committees."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from governance.calendar import feed_token, feed_user_id
from governance.models import Meeting

from ..helpers import text
from .factories import CommitteeFactory, CommitteeMemberFactory, MeetingFactory


@pytest.fixture
def committee(db):
    return CommitteeFactory(name="Comité technique de l’Oise")


def ics_url(meeting):
    return reverse("meeting_ics", kwargs={"meeting": meeting.pk})


def feed_url(user):
    return reverse("calendar_feed", kwargs={"feed_token": feed_token(user)})


def events(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content).walk("VEVENT")


def test_a_meetings_ics_is_a_valid_event(client_for, coordinator, committee):
    meeting = MeetingFactory(committee=committee, title="Revue des projets")
    response = client_for(coordinator).get(ics_url(meeting))
    assert "attachment" in response["Content-Disposition"]
    (event,) = events(response)
    assert str(event["UID"]) == f"seance-{meeting.pk}@fabrique-a-initiatives"
    assert event.decoded("DTSTART") == meeting.starts_at and event.decoded("DTEND") == meeting.ends_at
    assert str(event["SUMMARY"]) == "Comité technique de l’Oise — Revue des projets"
    assert str(event["URL"]) == f"http://testserver/gouvernance/seances/{meeting.pk}/"


def test_the_ics_follows_the_meetings_access(client_for, referent, partner, staff, committee):
    convened = MeetingFactory(committee=committee)
    planned = MeetingFactory(committee=committee, status=Meeting.Status.PLANNED)
    other = MeetingFactory(committee=CommitteeFactory())
    CommitteeMemberFactory(committee=committee, user=partner)
    assert client_for(referent).get(ics_url(planned)).status_code == 200
    assert client_for(partner).get(ics_url(convened)).status_code == 200
    assert client_for(partner).get(ics_url(planned)).status_code == 403
    assert client_for(partner).get(ics_url(other)).status_code == 403
    assert client_for(staff).get(ics_url(convened)).status_code == 403
    response = client_for(None).get(ics_url(convened))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


@pytest.mark.parametrize("role", ["coordinator", "referent", "partner"])
def test_the_subscribe_page_gives_the_personal_address(client_for, request, committee, role):
    user = request.getfixturevalue(role)
    CommitteeMemberFactory(committee=committee, user=user)
    page = text(client_for(user).get(reverse("calendar_subscribe")))
    token = feed_token(user)
    assert f"webcal://testserver/gouvernance/agenda/{token}.ics" in page
    assert f"http://testserver/gouvernance/agenda/{token}.ics" in page
    assert "Ajouter un calendrier › À partir d’Internet" in page and "Nouvel agenda › Sur le réseau" in page


def test_the_subscribe_page_is_refused_to_staff_and_anonymous(client_for, staff):
    assert client_for(staff).get(reverse("calendar_subscribe")).status_code == 403
    response = client_for(None).get(reverse("calendar_subscribe"))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_a_partners_feed_lists_their_committees_convened_meetings(client, partner, committee):
    CommitteeMemberFactory(committee=committee, user=partner)
    convened = MeetingFactory(committee=committee, title="Séance convoquée")
    held = MeetingFactory(committee=committee, title="Séance tenue", status=Meeting.Status.HELD)
    MeetingFactory(committee=committee, title="Séance prévue", status=Meeting.Status.PLANNED)
    MeetingFactory(committee=CommitteeFactory(), title="Séance d’un autre comité")
    # Public: no login, the token alone.
    found = events(client.get(feed_url(partner)))
    assert {str(event["UID"]) for event in found} == {
        f"seance-{convened.pk}@fabrique-a-initiatives",
        f"seance-{held.pk}@fabrique-a-initiatives",
    }
    assert {str(event["URL"]) for event in found} == {
        f"http://testserver/gouvernance/seances/{meeting.pk}/" for meeting in (convened, held)
    }


def test_a_coordinators_feed_shows_planned_meetings_of_their_committees(client, coordinator, committee):
    CommitteeMemberFactory(committee=committee, user=coordinator)
    planned = MeetingFactory(committee=committee, status=Meeting.Status.PLANNED)
    MeetingFactory(committee=CommitteeFactory())
    (event,) = events(client.get(feed_url(coordinator)))
    assert str(event["UID"]) == f"seance-{planned.pk}@fabrique-a-initiatives" and str(event["STATUS"]) == "TENTATIVE"


def test_a_former_member_sees_nothing_more(client, partner, committee):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    CommitteeMemberFactory(committee=committee, user=partner, end_on=yesterday)
    MeetingFactory(committee=committee)
    assert events(client.get(feed_url(partner))) == []


@pytest.mark.parametrize(
    "token",
    ["jeton-inconnu", "1", "1.", ".abc", "1.AAAAAAAAAAAAAAAAAAAAAAAAAAA", "abc.def.ghi"],
)
def test_an_invalid_token_is_404(client, partner, token):
    assert client.get(reverse("calendar_feed", kwargs={"feed_token": token})).status_code == 404


def test_a_forged_token_is_404(client, partner, coordinator):
    # Someone who knows their own token changes the id in it to read another person's feed.
    own = feed_token(partner)
    forged = f"{coordinator.pk}.{own.split('.', 1)[1]}"
    assert feed_user_id(forged) is None
    assert client.get(reverse("calendar_feed", kwargs={"feed_token": forged})).status_code == 404
    assert feed_user_id(own) == partner.pk


def test_an_inactive_users_feed_is_404(client, partner):
    partner.is_active = False
    partner.save()
    assert client.get(feed_url(partner)).status_code == 404
