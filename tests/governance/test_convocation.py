"""The convocation: the meeting becomes convened and each current member with an email receives, through a
background job, a French email with the agenda, the meeting's link and an .ics invitation that parses."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import Job, Notification
from governance.models import Meeting
from governance.services.meetings import meeting_convene

from ..helpers import text
from .factories import AgendaItemFactory, CommitteeMemberFactory, MeetingFactory


@pytest.fixture
def meeting(db):
    meeting = MeetingFactory(
        status=Meeting.Status.PLANNED, title="Comité annuel", video_link="https://visio.example/abc"
    )
    AgendaItemFactory(
        meeting=meeting, position=1, project__title="Garage solidaire", presenter="Léa", duration_minutes=30
    )
    AgendaItemFactory(meeting=meeting, position=2, project=None, topic="Budget de l’année")
    return meeting


@pytest.fixture
def members(meeting):
    with_account = CommitteeMemberFactory(committee=meeting.committee, user__email="financeur@exemple.fr")
    named = CommitteeMemberFactory(
        committee=meeting.committee,
        user=None,
        representative_name="Claude Région",
        representative_email="claude@region.example",
    )
    without_email = CommitteeMemberFactory(committee=meeting.committee, user=None, representative_name="Sans Adresse")
    gone = CommitteeMemberFactory(
        committee=meeting.committee, user__email="parti@exemple.fr", end_on=timezone.localdate() - datetime.timedelta(1)
    )
    return with_account, named, without_email, gone


def convene(client, meeting):
    return client.post(reverse("meeting_convene", kwargs={"meeting": meeting.pk}), {"version": meeting.version})


def calendar_of(message):
    (attachment,) = message.attachments
    filename, content, mimetype = attachment
    assert filename == "seance.ics" and mimetype.startswith("text/calendar")
    return icalendar.Calendar.from_ical(content)


def test_convening_sends_each_current_member_an_email_with_an_invitation(
    client_for, coordinator, meeting, members, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    page = text(client.get(reverse("meeting_convene", kwargs={"meeting": meeting.pk})))
    assert "claude@region.example" in page and "Sans Adresse" in page and "parti@exemple.fr" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = convene(client, meeting)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED and meeting.convocation_count == 1 and meeting.convened_at
    assert sorted(message.to[0] for message in mail.outbox) == ["claude@region.example", "financeur@exemple.fr"]
    message = next(message for message in mail.outbox if message.to == ["claude@region.example"])
    assert message.subject.startswith("Convocation\u00a0:")
    assert "Bonjour Claude Région" in message.body and "Garage solidaire" in message.body
    assert "Budget de l’année" in message.body and "https://visio.example/abc" in message.body
    assert f"http://testserver/gouvernance/seances/{meeting.pk}/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Garage solidaire" in html

    calendar = calendar_of(message)
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"seance-{meeting.pk}@fabrique-a-initiatives"
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == meeting.starts_at and event.decoded("DTEND") == meeting.ends_at
    assert meeting.committee.name in str(event["SUMMARY"]) and "Comité annuel" in str(event["SUMMARY"])
    assert str(event["LOCATION"]) == meeting.place
    assert str(event["URL"]).endswith(f"/gouvernance/seances/{meeting.pk}/")
    assert "Garage solidaire" in str(event["DESCRIPTION"])
    assert str(event["ATTENDEE"]) == "mailto:claude@region.example"


def test_a_second_convocation_sends_new_emails_with_the_next_sequence(
    coordinator, meeting, members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_convene(meeting=meeting, by=coordinator, expected_version=meeting.version)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_convene(meeting=meeting, by=coordinator, expected_version=meeting.version)
    assert meeting.convocation_count == 2 and len(mail.outbox) == 4
    second = mail.outbox[-1]
    assert "modifiée" in second.subject and "remplace la précédente" in second.body
    (event,) = calendar_of(second).walk("VEVENT")
    assert event["SEQUENCE"] == 2
    keys = set(Job.objects.filter(kind="governance.convocation_send").values_list("dedup_key", flat=True))
    assert f"convocation:{meeting.pk}:2:{members[0].pk}" in keys and len(keys) == 4
    # Each convocation is a notification of the mandatory kind, recorded under the same key, with its .ics.
    notification = Notification.objects.get(dedup_key=f"convocation:{meeting.pk}:2:{members[0].pk}")
    assert notification.kind == "convocation" and notification.status == Notification.Status.SENT
    assert notification.user == members[0].user and notification.attachments[0][0] == "seance.ics"


def test_a_job_run_again_sends_no_second_email(coordinator, meeting, members, django_capture_on_commit_callbacks):
    from core.tasks import run_job

    with django_capture_on_commit_callbacks(execute=True):
        meeting_convene(meeting=meeting, by=coordinator, expected_version=meeting.version)
    job = Job.objects.first()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.PENDING)
    run_job(job.pk)
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": Meeting.Status.HELD}, "Seule une séance prévue ou déjà convoquée"),
        ({"status": Meeting.Status.MINUTES_APPROVED}, "approuvé"),
        ({"ends_at": timezone.now() - datetime.timedelta(days=1)}, "passée"),
    ],
)
def test_convening_is_refused_in_french(coordinator, meeting, members, change, message):
    if "ends_at" in change:
        change["starts_at"] = change["ends_at"] - datetime.timedelta(hours=2)
    Meeting.objects.filter(pk=meeting.pk).update(**change)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError, match=message):
        meeting_convene(meeting=meeting, by=coordinator, expected_version=meeting.version)
    assert not Job.objects.exists()


def test_an_empty_agenda_or_no_address_is_refused(client_for, coordinator, members):
    empty = MeetingFactory(committee=members[0].committee, status=Meeting.Status.PLANNED)
    response = client_for(coordinator).post(
        reverse("meeting_convene", kwargs={"meeting": empty.pk}), {"version": empty.version}
    )
    assert response.status_code == 200 and "Ajoutez au moins un point" in text(response)
    nobody = MeetingFactory(status=Meeting.Status.PLANNED)
    AgendaItemFactory(meeting=nobody)
    with pytest.raises(ValidationError, match="adresse e-mail"):
        meeting_convene(meeting=nobody, by=coordinator, expected_version=nobody.version)
    empty.refresh_from_db()
    assert empty.status == Meeting.Status.PLANNED and not Job.objects.exists()


def test_convening_is_for_coordinators(client_for, referent, partner, meeting, members):
    CommitteeMemberFactory(committee=meeting.committee, user=partner)
    for user in (referent, partner):
        assert convene(client_for(user), meeting).status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED and not mail.outbox
