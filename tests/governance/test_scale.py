"""governance.scale: committees, meetings with agendas, decisions, attendance and action items in bulk, at a
tiny scale; the pack year's agendas of the region's committee hold the wanted number of distinct projects."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from fabrique.models import User
from fabrique.scale import PARTNER_EMAIL
from governance import scale
from governance.models import ActionItem, AgendaItem, Attendance, Committee, Decision, Meeting
from projects.models import StageChange
from territories.scale import MARK

TINY = ("--scale", "0.01", "--sans-geographie")


def seed(*args):
    out = StringIO()
    call_command("seed_scale", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def tiny(official_territories, settings):
    settings.DEBUG = True
    return seed(*TINY)


def test_row_counts_follow_the_scale_with_a_minimum():
    assert scale.row_counts(1) == {"meetings": 2000, "projects on the pack year's agendas": 200}
    assert scale.row_counts(0.0001) == scale.MINIMUM


def test_tiny_scale_writes_every_kind_of_row(tiny):
    counts = scale.row_counts(0.01)
    assert "séances" in tiny and "décisions" in tiny
    committees = Committee.objects.filter(name__endswith=MARK)
    assert committees.filter(territory=None).count() == 2
    assert committees.filter(territory__isnull=False).count() >= 1
    assert Meeting.objects.count() == counts["meetings"]
    assert set(Meeting.objects.values_list("status", flat=True)) == set(Meeting.Status.values)
    assert AgendaItem.objects.filter(project__isnull=False).exists() and AgendaItem.objects.filter(project=None)
    assert Attendance.objects.exists()
    assert ActionItem.objects.filter(done_on__isnull=True).exists() and ActionItem.objects.filter(done_on__isnull=False)
    # Decisions only in held meetings, on the day of the meeting, on their agenda item's project.
    decisions = Decision.objects.select_related("agenda_item__meeting")
    assert decisions.exists()
    for decision in decisions:
        meeting = decision.agenda_item.meeting
        assert meeting.status in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED)
        assert decision.decided_on == meeting.starts_at.date()
        assert decision.project_id == decision.agenda_item.project_id
    # The linked stage changes come after their decision and are no longer « sans décision ».
    linked = StageChange.objects.filter(decision__isnull=False).select_related("decision")
    assert linked.exists()
    for change in linked:
        assert not change.is_without_decision and change.at.date() > change.decision.decided_on


def test_pack_year_agendas_and_the_partners_seat(tiny):
    region = Committee.objects.get(name=scale.REGION_STEERING)
    year = scale.pack_year(timezone.localdate())
    projects = (
        AgendaItem.objects.filter(meeting__committee=region, meeting__starts_at__year=year, project__isnull=False)
        .values("project")
        .distinct()
    )
    assert projects.count() == scale.row_counts(0.01)["projects on the pack year's agendas"]
    # The scale partner sits on the region's committee through their organisation, and reads its meetings.
    partner = User.objects.get(email=PARTNER_EMAIL)
    assert region in Committee.objects.visible_to(partner)
    assert Meeting.objects.visible_to(partner).filter(committee=region).exists()
    # No meeting with the same member twice.
    assert not Attendance.objects.values("meeting", "member").annotate(n=Count("pk")).filter(n__gt=1).exists()


def test_a_second_run_creates_nothing(tiny):
    before = (Meeting.objects.count(), Decision.objects.count(), AgendaItem.objects.count())
    output = seed(*TINY)
    assert "governance.scale : données à l'échelle déjà présentes" in output
    assert (Meeting.objects.count(), Decision.objects.count(), AgendaItem.objects.count()) == before
