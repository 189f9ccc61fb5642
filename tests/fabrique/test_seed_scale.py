"""seed_scale: national-scale data in bulk at any scale, refused in production unless forced, run once."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min

from core.roles import Role
from fabrique.models import Invitation, User
from fabrique.scale import BENCH_EMAILS
from governance.models import AgendaItem, Decision
from projects.models import FundingLine, Initiative, JournalEntry, NextStep, Project, ReferenceCounter
from projects.scale import initiative_count
from projects.scale import row_counts as project_row_counts
from territories.models import (
    EPCI,
    Actor,
    AnimationEvent,
    Contact,
    Cooperation,
    EngagedTerritory,
    Need,
    Opportunity,
    ReadinessAssessment,
    Sector,
)
from territories.scale import MARK, MINIMUM, SLUG_PREFIX, row_counts

# The official geography of the former Picardie (a fixture) stands in for the whole of France.
TINY = ("--scale", "0.01", "--sans-geographie")


def seed(*args):
    out = StringIO()
    call_command("seed_scale", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_row_counts_follow_the_scale_with_a_minimum():
    assert row_counts(1) == {
        "territories": 300,
        "actors": 5000,
        "needs": 20000,
        "opportunities": 5000,
        "events": 10000,
        "cooperations": 1500,
    }
    assert row_counts(0.1)["needs"] == 2000
    assert row_counts(0.0001) == MINIMUM


def test_tiny_scale_creates_rows_of_each_kind(official_territories, debug):
    output = seed(*TINY)
    counts = row_counts(0.01)
    territories = EngagedTerritory.objects.filter(slug__startswith=SLUG_PREFIX)
    assert territories.count() == counts["territories"]
    assert Actor.objects.count() == counts["actors"]
    assert Need.objects.count() == counts["needs"]
    assert Opportunity.objects.count() == counts["opportunities"]
    assert AnimationEvent.objects.count() == counts["events"]
    assert Cooperation.objects.count() == counts["cooperations"]
    assert Contact.objects.count() >= counts["actors"]
    assert ReadinessAssessment.objects.count() == 7 * counts["territories"]
    assert Sector.objects.count() == 20
    assert Invitation.objects.count() >= 10
    # Many-to-many links written through their tables.
    assert Opportunity.needs.through.objects.exists()
    assert AnimationEvent.partners_present.through.objects.exists()
    assert AnimationEvent.needs.through.objects.exists()
    assert Cooperation.actors.through.objects.count() >= 2 * counts["cooperations"]
    assert Actor.territories.through.objects.count() > counts["actors"]
    # Perimeters of real EPCI, with their population and communes; each territory has needs.
    for territory in territories.annotate(epci_count=Count("epcis"), need_count=Count("needs")):
        assert territory.epci_count >= 1
        assert territory.population > 0 and territory.commune_count > 0
        assert territory.driving_authority_id and territory.referent_actor_id
        assert territory.need_count > 0
    assert "besoins non satisfaits" in output and "Base prête à l'échelle 0.01" in output


def test_accounts_per_role_and_their_organisations(official_territories, debug):
    seed(*TINY)
    users = {role: User.objects.get(email=email) for role, email in BENCH_EMAILS.items()}
    assert {role: user.role for role, user in users.items()} == {role: role for role in BENCH_EMAILS}
    assert users[Role.STAFF].is_superuser and users[Role.STAFF].is_staff
    referent_org = users[Role.REFERENT].organisation
    assert EngagedTerritory.objects.filter(referent_actor=referent_org).exists()
    assert users[Role.PARTNER].organisation.kind == Actor.Kind.FUNDER
    assert users[Role.COORDINATOR].check_password("Fabrique-demo-2026")
    # A referent account for each referent organisation, up to ten.
    referent_orgs = Actor.objects.filter(kind=Actor.Kind.REFERENT, referent_territories__isnull=False).distinct()
    assert User.objects.filter(role=Role.REFERENT).count() == min(10, referent_orgs.count())


def test_a_second_run_creates_nothing(official_territories, debug):
    seed(*TINY)
    before = (Actor.objects.count(), Need.objects.count(), User.objects.count(), Invitation.objects.count())
    output = seed(*TINY)
    assert (Actor.objects.count(), Need.objects.count(), User.objects.count(), Invitation.objects.count()) == before
    assert "déjà présentes" in output


def test_refuses_without_debug_unless_forced(official_territories, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        seed(*TINY)
    assert not Need.objects.exists()
    seed(*TINY, "--force")
    assert Need.objects.exists()


@pytest.mark.parametrize("scale", ["0", "-1", "abc", "11"])
def test_refuses_a_bad_scale(official_territories, debug, scale):
    with pytest.raises(CommandError, match="Échelle invalide"):
        seed("--scale", scale, "--sans-geographie")
    assert not Need.objects.exists()


def test_without_geography_says_what_to_run(db, debug):
    assert not EPCI.objects.exists()
    with pytest.raises(CommandError, match="load_territories --all"):
        seed(*TINY)
    assert not EngagedTerritory.objects.exists()


def test_projects_at_tiny_scale(official_territories, debug):
    output = seed(*TINY)
    counts = project_row_counts(0.01)
    projects = Project.objects.filter(title__endswith=MARK)
    assert projects.count() == counts["projects"]
    assert JournalEntry.objects.count() == counts["journal entries"]
    assert FundingLine.objects.count() == counts["funding lines"]
    assert "projets" in output and "prochaines étapes" in output
    # Spread over stages, side states, sectors, territories and years.
    assert set(projects.values_list("stage", flat=True)) == set(Project.Stage.values)
    assert set(projects.exclude(side_state="").values_list("side_state", flat=True)) == set(Project.SideState.values)
    assert projects.values("sector").distinct().count() > 5
    assert projects.values("territory").distinct().count() == EngagedTerritory.objects.count()
    years = {int(reference.split("-")[1]) for reference in projects.values_list("reference", flat=True)}
    assert len(years) > 5
    # References unique, and the counters of their years at their last number.
    for year in years:
        last = max(
            int(r.split("-")[2])
            for r in projects.filter(reference__startswith=f"FAB-{year}-").values_list("reference", flat=True)
        )
        assert ReferenceCounter.objects.get(year=year).last == last
    # A stage change per step, the first from nothing to detected, the last where the project stands.
    for project in projects.annotate(changes=Count("stage_changes")):
        assert project.changes >= 1 + Project.Stage.values.index(project.stage) + (1 if project.side_state else 0)
        last = project.stage_changes.order_by("at", "pk").last()
        assert last.to_stage == (project.side_state or project.stage)
        # The dates a stalled project is read from agree with its journal and next steps.
        assert project.journal_entries.aggregate(last=Max("date"))["last"] == project.last_activity_on
        due = project.next_steps.filter(done_at__isnull=True).aggregate(first=Min("due_date"))["first"]
        assert due == project.next_step_due
    assert projects.stalled().exists() and projects.filter(next_step_due__gte=datetime.date.today()).exists()
    created = projects.filter(stage=Project.Stage.CREATED).first()
    assert created.creation_date and len(created.siret) == 14
    assert Project.referent_users.through.objects.exists()


def test_projects_are_added_to_a_database_seeded_before_them(official_territories, debug):
    seed(*TINY)
    # The committees' decisions and agenda items keep their projects (protected): they go first.
    Decision.objects.all().delete()
    AgendaItem.objects.all().delete()
    Project.objects.all().delete()
    output = seed(*TINY)
    assert Project.objects.count() == project_row_counts(0.01)["projects"]
    assert "déjà présentes" in output  # the territories were
    before = (Project.objects.count(), NextStep.objects.count(), JournalEntry.objects.count())
    seed(*TINY)
    assert (Project.objects.count(), NextStep.objects.count(), JournalEntry.objects.count()) == before


def test_initiatives_at_tiny_scale_and_added_to_a_database_seeded_before_them(official_territories, debug):
    output = seed(*TINY)
    initiatives = Initiative.objects.filter(title__endswith=MARK)
    assert initiatives.count() == initiative_count(0.01) == 50
    assert "initiatives inspirantes" in output
    # Varied French text from the real towns of the loaded geography, published for the most part.
    assert initiatives.values("sector").distinct().count() == 5
    assert initiatives.values("title").distinct().count() > 40
    assert not initiatives.filter(origin_region__isnull=True).exists()
    assert initiatives.filter(status=Initiative.Status.PUBLISHED).count() > 40
    for summary in initiatives.values_list("summary", flat=True):
        assert 20 <= len(summary.split()) <= 45, summary
    # A database seeded before the library gets it at the next run, once.
    initiatives.delete()
    output = seed(*TINY)
    assert initiatives.count() == 50 and "initiatives inspirantes" in output
    seed(*TINY)
    assert Initiative.objects.count() == 50
