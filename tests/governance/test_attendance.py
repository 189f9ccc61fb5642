"""Attendance of a meeting: one row per member of the committee on the meeting's day (present, excused, absent,
represented by someone), recorded by coordinators once the meeting is convened, never after approval."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from governance.models import Attendance, Meeting
from governance.services.meetings import attendance_record

from ..helpers import text
from .factories import CommitteeMemberFactory, MeetingFactory


@pytest.fixture
def meeting(db):
    return MeetingFactory(status=Meeting.Status.HELD)


@pytest.fixture
def members(meeting):
    return [CommitteeMemberFactory(committee=meeting.committee) for _ in range(3)]


def url(meeting):
    return reverse("meeting_attendance", kwargs={"meeting": meeting.pk})


def test_coordinator_records_attendance(client_for, coordinator, meeting, members):
    first, second, third = members
    client = client_for(coordinator)
    page = text(client.get(url(meeting)))
    assert first.display_name in page and "représenté·e" in page
    data = {
        f"status_{first.pk}": "present",
        f"status_{second.pk}": "represented",
        f"represented_by_{second.pk}": "Alex Suppléant",
        f"status_{third.pk}": "excused",
    }
    response = client.post(url(meeting), data)
    assert response.status_code == 302
    recorded = {row.member_id: (row.status, row.represented_by) for row in Attendance.objects.all()}
    assert recorded == {
        first.pk: ("present", ""),
        second.pk: ("represented", "Alex Suppléant"),
        third.pk: ("excused", ""),
    }
    page = text(client.get(reverse("meeting_detail", kwargs={"meeting": meeting.pk})))
    assert "par Alex Suppléant" in page and "excusé·e" in page
    # Recorded again: a changed status replaces the first, a blank one removes it.
    client.post(url(meeting), {f"status_{first.pk}": "absent", f"status_{second.pk}": "", f"status_{third.pk}": ""})
    assert list(Attendance.objects.values_list("member_id", "status")) == [(first.pk, "absent")]


def test_a_represented_member_needs_a_representative(client_for, coordinator, meeting, members):
    response = client_for(coordinator).post(url(meeting), {f"status_{members[0].pk}": "represented"})
    assert response.status_code == 200 and "Indiquez qui représente ce membre." in text(response)
    assert not Attendance.objects.exists()
    with pytest.raises(ValidationError):
        attendance_record(meeting=meeting, by=coordinator, rows=[{"member": members[0], "status": "represented"}])
    with pytest.raises(ValidationError):
        attendance_record(
            meeting=meeting,
            by=coordinator,
            rows=[{"member": members[0], "status": "present", "represented_by": "Quelqu’un"}],
        )
    assert not Attendance.objects.exists()


def test_an_unknown_status_is_refused(client_for, coordinator, meeting, members):
    response = client_for(coordinator).post(url(meeting), {f"status_{members[0].pk}": "sleeping"})
    assert response.status_code == 200 and "Sélectionnez un choix valide" in text(response)
    assert not Attendance.objects.exists()


def test_only_members_on_the_meetings_day_are_listed(client_for, coordinator, meeting, members):
    day = timezone.localtime(meeting.starts_at).date()
    gone = CommitteeMemberFactory(
        committee=meeting.committee, start_on=day - datetime.timedelta(days=400), end_on=day - datetime.timedelta(1)
    )
    page = text(client_for(coordinator).get(url(meeting)))
    assert gone.display_name not in page
    with pytest.raises(ValidationError, match="ne siège pas"):
        attendance_record(meeting=meeting, by=coordinator, rows=[{"member": gone, "status": "present"}])


def test_attendance_waits_for_the_convocation_and_stops_at_approval(client_for, coordinator, members):
    for status, message in ((Meeting.Status.PLANNED, "Convoquez"), (Meeting.Status.MINUTES_APPROVED, "approuvé")):
        meeting = MeetingFactory(committee=members[0].committee, status=status)
        with pytest.raises(ValidationError, match=message):
            attendance_record(meeting=meeting, by=coordinator, rows=[{"member": members[0], "status": "present"}])
        response = client_for(coordinator).post(url(meeting), {f"status_{members[0].pk}": "present"}, follow=True)
        assert message in text(response)
    assert not Attendance.objects.exists()


def test_attendance_is_for_coordinators(client_for, referent, partner, staff, meeting, members):
    CommitteeMemberFactory(committee=meeting.committee, user=partner)
    for user in (referent, partner, staff):
        assert client_for(user).post(url(meeting), {f"status_{members[0].pk}": "present"}).status_code == 403
    response = client_for(None).get(url(meeting))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    assert not Attendance.objects.exists()
