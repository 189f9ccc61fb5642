"""The retention the schedule applies: only past the threshold, paused and active projects untouched, idempotent,
in batches, with audit records; the dry run changes nothing; the privacy page says the same durations."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from core import personal_data
from core.personal_data import ANONYMISED_NAME
from fabrique.celery import app as celery_app
from fabrique.models import PersonalDataAudit
from fabrique.personal_data.retention import retention_apply
from projects.models import Project, StageChange
from territories.models import Need

from ..helpers import text
from ..projects.factories import ProjectFactory
from ..territories.factories import NeedFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def years_ago(years, days=0):
    return personal_data.months_before(NOW, 12 * years) - datetime.timedelta(days=days)


def leader_project(*, stage=Project.Stage.DETECTED, side_state="", moved_to=None, moved_at=None, name="Léa Porteuse"):
    project = ProjectFactory(
        leader_name=name, leader_email=f"{name.split()[0].lower()}@exemple.fr", leader_phone="06 11 22 33 44"
    )
    Project.objects.filter(pk=project.pk).update(stage=stage, side_state=side_state)
    if moved_to:
        StageChange.objects.create(project=project, from_stage="incubation", to_stage=moved_to, at=moved_at)
    project.refresh_from_db()
    return project


def leader_of(project):
    project.refresh_from_db()
    return project.leader_name, project.leader_email, project.leader_phone


KEPT = ("Léa Porteuse", "léa@exemple.fr", "06 11 22 33 44")
ERASED = (ANONYMISED_NAME, "", "")


def test_projects_abandoned_or_created_past_the_threshold_are_anonymised_and_no_other():
    abandoned_old = leader_project(side_state="abandoned", moved_to="abandoned", moved_at=years_ago(5, days=1))
    abandoned_recent = leader_project(side_state="abandoned", moved_to="abandoned", moved_at=years_ago(5, days=-1))
    created_old = leader_project(stage="created", moved_to="created", moved_at=years_ago(6))
    created_recent = leader_project(stage="created", moved_to="created", moved_at=years_ago(2))
    paused_old = leader_project(stage="created", side_state="on_hold", moved_to="on_hold", moved_at=years_ago(9))
    active_old = leader_project(stage="incubation", moved_to="incubation", moved_at=years_ago(9))
    # Abandoned long ago, then reactivated: an active project again.
    reactivated = leader_project(stage="incubation", moved_to="abandoned", moved_at=years_ago(8))
    # Abandoned long ago, reactivated, abandoned again last year: the last abandonment counts.
    abandoned_again = leader_project(side_state="abandoned", moved_to="abandoned", moved_at=years_ago(8))
    StageChange.objects.create(project=abandoned_again, from_stage="incubation", to_stage="abandoned", at=years_ago(1))

    done = retention_apply(now=NOW)

    assert {item.pk for item in done} == {abandoned_old.pk, created_old.pk}
    assert leader_of(abandoned_old) == ERASED and leader_of(created_old) == ERASED
    for project in (abandoned_recent, created_recent, paused_old, active_old, reactivated, abandoned_again):
        assert leader_of(project) == KEPT, project
    # The statistics stay: the stage and side state, the stage changes.
    created_old.refresh_from_db()
    assert created_old.stage == "created" and created_old.stage_changes.count() == 1


def test_retention_blanks_the_history_of_the_project():
    project = leader_project(side_state="abandoned", moved_to="abandoned", moved_at=years_ago(7))
    project.leader_phone = "06 99 99 99 99"
    project.save()
    retention_apply(now=NOW)
    assert set(Project.history.filter(id=project.pk).values_list("leader_name", "leader_email", "leader_phone")) == {
        ERASED
    }


def test_a_project_whose_history_alone_holds_the_leader_is_due():
    project = leader_project(side_state="abandoned", moved_to="abandoned", moved_at=years_ago(7))
    Project.objects.filter(pk=project.pk).update(leader_name="", leader_email="", leader_phone="")
    assert [item.pk for item in retention_apply(now=NOW)] == [project.pk]
    assert not Project.history.filter(id=project.pk, leader_email="léa@exemple.fr").exists()


def test_the_threshold_follows_the_setting(settings):
    project = leader_project(side_state="abandoned", moved_to="abandoned", moved_at=years_ago(6))
    settings.PERSONAL_DATA_RETENTION_YEARS = 7
    assert retention_apply(now=NOW) == []
    assert leader_of(project) == KEPT
    settings.PERSONAL_DATA_RETENTION_YEARS = 5
    assert [item.pk for item in retention_apply(now=NOW)] == [project.pk]


def closed_idea(status, *, days_ago, **fields):
    idea = NeedFactory(
        source=Need.Source.CALL_FOR_IDEAS,
        status=status,
        submitter_name="Sami Citoyen",
        submitter_email="sami@exemple.fr",
        submitter_consents_to_contact=True,
        **fields,
    )
    closed_at = NOW - datetime.timedelta(days=days_ago)
    dates = {
        Need.Status.DECLINED: {"reviewed_at": closed_at},
        Need.Status.DROPPED: {"dropped_on": closed_at.date()},
        Need.Status.ADDRESSED: {"addressed_on": closed_at.date()},
    }.get(status, {})
    # The last change of the row is its closing (auto_now would say today).
    Need.objects.filter(pk=idea.pk).update(updated_at=closed_at, **dates)
    return idea


def submitter_of(idea):
    idea.refresh_from_db()
    return idea.submitter_name, idea.submitter_email, idea.submitter_consents_to_contact


def test_citizens_of_ideas_closed_more_than_twelve_months_ago_are_anonymised():
    declined_old = closed_idea(Need.Status.DECLINED, days_ago=380)
    declined_recent = closed_idea(Need.Status.DECLINED, days_ago=330)
    dropped_old = closed_idea(Need.Status.DROPPED, days_ago=800)
    addressed_old = closed_idea(Need.Status.ADDRESSED, days_ago=370)
    addressed_recent = closed_idea(Need.Status.ADDRESSED, days_ago=100)
    open_old = closed_idea(Need.Status.IDENTIFIED, days_ago=900)
    waiting_old = closed_idea(Need.Status.TO_REVIEW, days_ago=900)

    done = retention_apply(now=NOW)

    assert {item.pk for item in done} == {declined_old.pk, dropped_old.pk, addressed_old.pk}
    for idea in (declined_old, dropped_old, addressed_old):
        assert submitter_of(idea) == (ANONYMISED_NAME, "", False)
        assert Need.objects.get(pk=idea.pk).description  # the idea's text stays in the diagnosis
    for idea in (declined_recent, addressed_recent, open_old, waiting_old):
        assert submitter_of(idea) == ("Sami Citoyen", "sami@exemple.fr", True)


def test_the_idea_threshold_follows_its_setting(settings):
    idea = closed_idea(Need.Status.DECLINED, days_ago=380)
    settings.PERSONAL_DATA_IDEA_RETENTION_MONTHS = 18
    assert retention_apply(now=NOW) == []
    settings.PERSONAL_DATA_IDEA_RETENTION_MONTHS = 6
    assert [item.pk for item in retention_apply(now=NOW)] == [idea.pk]


def test_retention_is_idempotent_and_audited():
    leader_project(side_state="abandoned", moved_to="abandoned", moved_at=years_ago(7))
    closed_idea(Need.Status.DECLINED, days_ago=400)
    assert len(retention_apply(now=NOW)) == 2
    audits = PersonalDataAudit.objects.all()
    assert audits.count() == 2
    assert {(audit.action, audit.by) for audit in audits} == {(PersonalDataAudit.Action.RETENTION, None)}
    assert all("exemple.fr" not in audit.summary and "Porteuse" not in audit.summary for audit in audits)

    assert retention_apply(now=NOW) == []
    assert PersonalDataAudit.objects.count() == 2


def test_retention_runs_in_batches():
    projects = [
        leader_project(side_state="abandoned", moved_to="abandoned", moved_at=years_ago(7), name=f"Porteur N{n}")
        for n in range(5)
    ]
    assert len(retention_apply(now=NOW, batch_size=2)) == 5
    assert all(leader_of(project)[0] == ANONYMISED_NAME for project in projects)


def test_dry_run_changes_nothing():
    project = leader_project(side_state="abandoned", moved_to="abandoned", moved_at=years_ago(7))
    items = retention_apply(now=NOW, dry_run=True)
    assert [item.pk for item in items] == [project.pk]
    assert leader_of(project) == KEPT
    assert not PersonalDataAudit.objects.exists()


def test_the_command_prints_what_it_would_do_and_does_it(capsys):
    project = leader_project(side_state="abandoned", moved_to="abandoned", moved_at=years_ago(7))
    call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out
    assert f"Projet {project.reference}" in out and "1 enregistrement(s) à anonymiser" in out
    assert leader_of(project) == KEPT
    call_command("apply_retention")
    assert "1 enregistrement(s) anonymisé" in capsys.readouterr().out
    assert leader_of(project) == ERASED


def test_the_schedule_runs_the_retention_task_daily(settings):
    [entry] = [
        entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"] == "fabrique.personal_data_retention"
    ]
    assert entry["task"] in celery_app.tasks
    # A crontab at one time of day: once a day.
    assert len(entry["schedule"].hour) == 1 and len(entry["schedule"].minute) == 1


def test_the_task_anonymises_like_the_service():
    project = leader_project(side_state="abandoned", moved_to="abandoned", moved_at=years_ago(7))
    assert celery_app.tasks["fabrique.personal_data_retention"].apply().get() == 1
    assert leader_of(project) == ERASED


# The privacy page says what the schedule does.


def test_the_privacy_page_prints_the_durations_of_the_settings(client, settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 5
    settings.PERSONAL_DATA_IDEA_RETENTION_MONTHS = 12
    page = text(client.get("/donnees-personnelles/"))
    assert "pendant 5\u00a0ans après l’abandon du projet ou la création de l’entreprise" in page
    assert "et au plus 12\u00a0mois après sa clôture" in page

    settings.PERSONAL_DATA_RETENTION_YEARS = 7
    settings.PERSONAL_DATA_IDEA_RETENTION_MONTHS = 18
    page = text(client.get("/donnees-personnelles/"))
    assert "pendant 7\u00a0ans après l’abandon du projet" in page
    assert "et au plus 18\u00a0mois après sa clôture" in page
    assert "5\u00a0ans" not in page and "12\u00a0mois" not in page


def test_the_privacy_page_lists_every_registered_source(client):
    page = text(client.get("/donnees-personnelles/"))
    for source in personal_data.sources():
        assert f">{source.label}</h2>" in page
        assert str(source.kept) in page and str(source.purpose) in page and source.retention() in page


def test_a_new_source_appears_on_the_privacy_page(client):
    class Badges(personal_data.PersonalDataSource):
        key = "tests.badges"
        label = "Badges d’accès"
        kept = "le nom sur le badge"
        purpose = "ouvrir la porte"

        def retention(self):
            return "jusqu’au départ de la personne"

    personal_data.register(Badges())
    try:
        page = text(client.get("/donnees-personnelles/"))
    finally:
        personal_data.unregister("tests.badges")
    assert ">Badges d’accès</h2>" in page and "jusqu’au départ de la personne" in page
