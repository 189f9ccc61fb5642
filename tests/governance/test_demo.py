"""The governance demonstration: committees of the seed's real bodies, the meetings and decisions behind the
demonstration projects' stages, targets and last year's published pack; a second run changes nothing."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from fabrique.models import User
from governance.demo_data import AVISE, STEERING, TECHNICAL
from governance.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMember,
    CommitteePack,
    Decision,
    Meeting,
    Target,
)
from projects.demo_data import FUNDERS
from projects.models import Project, StageChange
from projects.stages import COMMITTEE_STAGES
from territories.demo_data import CRESS


def seed():
    call_command("seed_demo", stdout=StringIO())


def governance_rows():
    """Every row the governance demonstration writes, history included, and the stage changes it marks."""
    models = (Committee, CommitteeMember, Meeting, AgendaItem, Attendance, Decision, ActionItem, Target)
    rows = {model.__name__: model.objects.count() for model in models}
    rows |= {f"{model.__name__} history": model.history.count() for model in models if hasattr(model, "history")}
    rows["packs"] = CommitteePack.objects.count()
    rows["stage change history"] = StageChange.history.count()
    rows["without decision"] = StageChange.objects.filter(is_without_decision=True).count()
    return rows


@pytest.fixture
def demo(official_territories, settings):
    settings.DEBUG = True
    seed()


def test_committees_of_the_seeds_bodies_with_invented_representatives(demo):
    steering = Committee.objects.get(name=STEERING["name"], kind=Committee.Kind.STEERING, territory=None)
    technical = Committee.objects.get(name=TECHNICAL["name"], kind=Committee.Kind.TECHNICAL, territory=None)
    organisations = set(steering.members.values_list("actor__name", flat=True))
    bodies = {FUNDERS[key][0] for key in ("region", "oise", "somme", "amiens")} | {CRESS, AVISE}
    assert bodies <= organisations
    named = CommitteeMember.objects.filter(user__isnull=True)
    assert named.exists() and all("démonstration" in member.representative_name for member in named)
    # The demonstration partner sits on the steering committee: they read it, and not the technical one.
    partner = User.objects.get(email="partenaire@demo.fabrique.fr")
    assert steering.members.filter(user=partner).exists()
    assert list(Committee.objects.visible_to(partner)) == [steering]
    assert technical.members.filter(user__email="referent@demo.fabrique.fr").exists()


def test_decisions_drove_the_projects_committee_stages(demo):
    today = timezone.localdate()
    steering = Committee.objects.get(name=STEERING["name"])
    meetings = steering.meetings.all()
    years = {meeting.starts_at.year for meeting in meetings if meeting.starts_at.date() <= today}
    assert years == {today.year - 1, today.year}
    first = min(meeting.starts_at for meeting in meetings)
    # Every committee stage entered since the committee first met was opened by a decision taken before it.
    entered = StageChange.objects.filter(
        project__title__startswith="[Démo] ", to_stage__in=COMMITTEE_STAGES, at__gt=first
    ).select_related("decision__agenda_item__meeting")
    assert entered.count() >= 15
    for change in entered:
        decision = change.decision
        assert not change.is_without_decision
        assert decision.project_id == change.project_id == decision.agenda_item.project_id
        assert decision.agenda_item.meeting.committee == steering
        assert decision.decided_on == decision.agenda_item.meeting.starts_at.date() < change.at.date()
    # Go decisions opened the leader searches, and a pause was decided too.
    assert Decision.objects.filter(outcome=Decision.Outcome.GO, stage_change__to_stage="leader_search").exists()
    assert Decision.objects.filter(outcome=Decision.Outcome.POSTPONE, stage_change__to_stage="on_hold").exists()
    assert Decision.objects.filter(outcome=Decision.Outcome.GRANT_FUNDING, amount__gt=0).exists()
    # Older stage changes, before the committee met on the platform, keep their mark.
    assert not StageChange.objects.filter(is_without_decision=True, at__gt=first).exists()


def test_meetings_minutes_attendance_and_the_next_convened_one(demo):
    today = timezone.localdate()
    steering = Committee.objects.get(name=STEERING["name"])
    last_year = steering.meetings.filter(starts_at__year=today.year - 1)
    assert last_year.count() >= 4
    for meeting in last_year:
        assert meeting.status == Meeting.Status.MINUTES_APPROVED and meeting.minutes_approved_at
        assert "## Décisions" in meeting.minutes and "\u00a0:" in meeting.minutes
        assert " :" not in meeting.minutes.replace("\u00a0:", "")
        assert meeting.attendances.filter(status=Attendance.Status.PRESENT).exists()
        assert meeting.attendances.filter(status=Attendance.Status.EXCUSED).exists()
        for decision in Decision.objects.filter(agenda_item__meeting=meeting, project__isnull=False):
            assert decision.project.title.removeprefix("[Démo] ") in meeting.minutes
    upcoming = steering.meetings.get(status=Meeting.Status.CONVENED)
    assert upcoming.starts_at.date() > today and upcoming.convened_at <= timezone.now()
    assert upcoming.agenda_items.filter(project__isnull=False).count() >= 3
    assert not Decision.objects.filter(agenda_item__meeting=upcoming).exists()
    # A planned meeting: its draft agenda is hidden from the partner.
    planned = steering.meetings.get(status=Meeting.Status.PLANNED)
    partner = User.objects.get(email="partenaire@demo.fabrique.fr")
    assert upcoming in Meeting.objects.visible_to(partner) and planned not in Meeting.objects.visible_to(partner)


def test_technical_committee_follows_its_action_items(demo):
    today = timezone.localdate()
    technical = Committee.objects.get(name=TECHNICAL["name"])
    assert technical.meetings.exclude(status=Meeting.Status.PLANNED).count() >= 2
    actions = ActionItem.objects.filter(meeting__committee=technical)
    assert actions.filter(done_on__isnull=False).exists()
    assert actions.filter(done_on__isnull=True, due_on__lt=today).count() == 1
    assert actions.filter(done_on__isnull=True, due_on__gte=today).count() >= 2
    assert actions.filter(owner__isnull=False).exists() and actions.filter(owner_name__contains="démonstration")


def test_targets_and_last_years_published_pack(demo):
    today = timezone.localdate()
    for year in (today.year - 1, today.year):
        assert Target.objects.filter(year=year, territory=None).count() == 8
        assert Target.objects.filter(year=year, territory__isnull=False).values("territory").distinct().count() == 3
    pack = CommitteePack.objects.get(committee__name=STEERING["name"])
    assert pack.year == today.year - 1 and pack.status == CommitteePack.Status.READY
    assert pack.published_at and pack.pdf and pack.xlsx
    partner = User.objects.get(email="partenaire@demo.fabrique.fr")
    assert list(CommitteePack.objects.visible_to(partner)) == [pack]


def test_a_second_run_changes_nothing(demo):
    before = governance_rows()
    assert before["packs"] == 1
    seed()
    assert governance_rows() == before


def test_projects_entered_later_still_get_a_meeting_before_them(demo):
    """The decisions keep to the data's dates: a change made a few weeks ago has the latest meeting before it."""
    recent = StageChange.objects.filter(
        project__title__startswith="[Démo] ",
        to_stage__in=COMMITTEE_STAGES,
        at__gte=timezone.now() - datetime.timedelta(days=90),
    )
    assert recent.exists()
    for change in recent:
        assert change.decision.agenda_item.meeting.status in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED)
    assert Project.objects.filter(decisions__isnull=False).distinct().count() >= 15
