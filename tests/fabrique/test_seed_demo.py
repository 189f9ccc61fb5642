"""seed_demo: idempotent demonstration data, refused in production unless forced."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from fabrique.demo import DEMO_PASSWORD
from fabrique.models import User
from projects.demo import demo_pdf
from projects.demo_data import FUNDERS
from projects.models import FundingLine, JournalEntry, NextStep, Project, ProjectDocument, StageChange
from territories.demo import PILOT_NAMES
from territories.demo_data import PILOT_REFERENTS
from territories.models import Actor, Need, Opportunity


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_creates_organisations_and_one_user_per_role(official_territories, settings):
    settings.DEBUG = True
    output = seed()
    assert {u.role for u in User.objects.all()} == {Role.COORDINATOR, Role.REFERENT, Role.PARTNER, Role.STAFF}
    assert Actor.objects.filter(name__in=PILOT_REFERENTS, kind=Actor.Kind.REFERENT).count() == 5
    assert Actor.objects.filter(kind=Actor.Kind.FUNDER).exists()
    assert User.objects.get(role=Role.COORDINATOR).organisation.name.startswith("CRESS")
    assert DEMO_PASSWORD in output


def test_seed_is_idempotent(official_territories, settings):
    settings.DEBUG = True
    seed()
    counts = (User.objects.count(), Actor.objects.count())
    seed()
    assert (User.objects.count(), Actor.objects.count()) == counts


def test_demo_accounts_can_log_in(client, official_territories, settings):
    settings.DEBUG = True
    seed()
    for user in User.objects.all():
        client.logout()
        response = client.post(reverse("account_login"), {"login": user.email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, user.email


def test_seed_refuses_without_debug(official_territories, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        seed()
    assert not User.objects.exists()
    seed("--force")
    assert User.objects.exists()


def project_rows():
    """Every row the projects' demonstration writes, history included: a second run must add none."""
    return {
        model.__name__: model.objects.count()
        for model in (Project, StageChange, JournalEntry, NextStep, FundingLine, ProjectDocument, Opportunity)
    } | {
        "project history": Project.history.count(),
        "stage change history": StageChange.history.count(),
        "funding history": FundingLine.history.count(),
        "opportunity history": Opportunity.history.count(),
    }


def test_demo_projects_cover_the_pipeline_and_a_second_run_changes_nothing(official_territories, settings):
    settings.DEBUG = True
    seed()
    projects = Project.objects.all()
    assert 25 <= projects.count() <= 35
    assert {name for name in projects.values_list("territory__name", flat=True)} == set(PILOT_NAMES)
    assert set(projects.values_list("stage", flat=True)) == set(Project.Stage.values)
    assert set(projects.exclude(side_state="").values_list("side_state", flat=True)) == set(Project.SideState.values)
    assert all(project.title.startswith("[Démo] ") and "démonstration" in project.summary for project in projects)
    # Every project has a stage change per step of its path, each allowed by the one table of moves.
    for project in projects.prefetch_related("stage_changes"):
        changes = list(project.stage_changes.all())
        assert changes[0].from_stage == "" and changes[0].to_stage == Project.Stage.DETECTED
        assert changes[-1].to_stage == (project.side_state or project.stage), project.title
        assert [change.at for change in changes] == sorted(change.at for change in changes)
    # Stalled projects (overdue next steps, quiet ones) and an opportunity study open for over a year show.
    assert Project.objects.stalled().count() >= 3
    assert NextStep.objects.filter(done_at__isnull=True, due_date__lt=datetime.date.today()).exists()
    assert Project.objects.study_overdue().exists()
    # Funders are the seed's public bodies and ESS funders by kind, actors of the directory, never a person.
    funders = set(FundingLine.objects.values_list("funder__name", flat=True))
    assert {name for name, _kind in FUNDERS.values()} >= funders and len(funders) >= 5
    assert JournalEntry.objects.filter(is_internal=True).exists() and JournalEntry.objects.filter(is_internal=False)
    # Created enterprises carry what their stage requires; references are unique, of the year of detection.
    for project in projects.filter(stage=Project.Stage.CREATED):
        assert project.creation_date and project.siret and project.target_legal_form
        assert project.reference.startswith(f"FAB-{timezone.localtime(project.created_at).year}-")
    # Projects started from an opportunity show on it, and the opportunity is « en projet ».
    started = Opportunity.objects.filter(projects__isnull=False).distinct()
    assert started.exists() and not started.exclude(status=Opportunity.Status.IN_PROJECT).exists()
    assert Need.objects.filter(projects__isnull=False).exists()
    document = ProjectDocument.objects.first()
    with document.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-" and document.size == document.file.size
    before = project_rows()
    seed()
    assert project_rows() == before


def test_demo_pdf_is_a_valid_pdf():
    pdf = demo_pdf("Étude d’opportunité", ["FAB-2020-0001", "Garage solidaire (données)"])
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    xref = int(pdf.rsplit(b"startxref", 1)[1].split()[0])
    assert pdf[xref:].startswith(b"xref")
    # Each object's offset in the table points at the object.
    offsets = [int(line.split()[0]) for line in pdf[xref:].splitlines()[3:8]]
    assert [pdf[offset:].split(b" ", 1)[0] for offset in offsets] == [b"1", b"2", b"3", b"4", b"5"]
