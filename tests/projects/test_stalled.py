"""A stalled project (its next step overdue, or nothing logged for PROJECT_STALLED_DAYS days) is told by the two
dates the journal and next-step services keep on its row."""

import datetime

import pytest
from django.utils import timezone

from projects.models import Project
from projects.services.journal import journal_entry_create, next_step_create, next_step_done

TODAY = timezone.localdate


def days(n):
    return TODAY() + datetime.timedelta(days=n)


def stalled_pks():
    return set(Project.objects.stalled().values_list("pk", flat=True))


@pytest.fixture
def quiet_project(project, settings):
    settings.PROJECT_STALLED_DAYS = 60
    Project.objects.filter(pk=project.pk).update(last_activity_on=days(-61))
    project.refresh_from_db()
    return project


def test_a_project_quiet_for_too_long_is_stalled_and_a_journal_entry_unstalls_it(referent, quiet_project):
    assert quiet_project.is_stalled and stalled_pks() == {quiet_project.pk}
    journal_entry_create(by=referent, project=quiet_project, date=days(-1), kind="visit", text="Visite")
    quiet_project.refresh_from_db()
    assert not quiet_project.is_stalled and stalled_pks() == set()


def test_an_entry_dated_long_ago_leaves_it_stalled(referent, quiet_project):
    journal_entry_create(by=referent, project=quiet_project, date=days(-90), kind="other", text="Rattrapage")
    quiet_project.refresh_from_db()
    assert quiet_project.last_activity_on == days(-61) and quiet_project.is_stalled


def test_the_setting_decides_how_long_is_too_long(quiet_project, settings):
    settings.PROJECT_STALLED_DAYS = 90
    assert not quiet_project.is_stalled and stalled_pks() == set()


def test_an_overdue_next_step_stalls_it_and_done_recomputes(referent, project):
    # An import or a forgotten step: the service takes a due date already passed (the page refuses one).
    overdue = next_step_create(by=referent, project=project, text="Relancer", owner=referent, due_date=days(-2))
    project.refresh_from_db()
    assert project.next_step_due == days(-2) and project.is_stalled and stalled_pks() == {project.pk}
    later = next_step_create(by=referent, project=project, text="Signer", owner=referent, due_date=days(20))
    project.refresh_from_db()
    assert project.next_step_due == days(-2) and project.is_stalled
    next_step_done(by=referent, next_step=overdue)
    project.refresh_from_db()
    assert project.next_step_due == days(20) and not project.is_stalled and stalled_pks() == set()
    next_step_done(by=referent, next_step=later)
    project.refresh_from_db()
    assert project.next_step_due is None and not project.is_stalled


def test_a_step_due_today_is_not_overdue(referent, project):
    next_step_create(by=referent, project=project, text="Appeler", owner=referent, due_date=TODAY())
    project.refresh_from_db()
    assert not project.is_stalled and stalled_pks() == set()


def test_writing_the_dates_does_not_touch_the_version_or_history(referent, project):
    version, records = project.version, project.history.count()
    journal_entry_create(by=referent, project=project, date=TODAY(), kind="meeting", text="Réunion")
    next_step_create(by=referent, project=project, text="Appeler", owner=referent, due_date=days(3))
    project.refresh_from_db()
    assert project.version == version and project.history.count() == records


def test_paused_and_created_projects_are_never_stalled(referent, quiet_project):
    Project.objects.filter(pk=quiet_project.pk).update(side_state=Project.SideState.ON_HOLD)
    assert stalled_pks() == set()
    Project.objects.filter(pk=quiet_project.pk).update(side_state="", stage=Project.Stage.CREATED)
    assert stalled_pks() == set()


def test_a_journal_entry_takes_a_project_off_the_cached_home_and_board_at_once(client, coordinator, own_territory):
    """The counts are cached (core.aggregates); the journal's plain update of the project forgets them."""
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    from projects.services.journal import journal_entry_create

    from .factories import ProjectFactory

    long_ago = timezone.localdate() - datetime.timedelta(days=200)
    project = ProjectFactory(territory=own_territory, stage="detected", last_activity_on=long_ago)
    client.force_login(coordinator)
    card = client.get(reverse("project_board")).context["board"].columns[0].cards[0]
    assert card.is_stalled
    journal_entry_create(by=coordinator, project=project, date=timezone.localdate(), kind="meeting", text="Relance.")
    card = client.get(reverse("project_board")).context["board"].columns[0].cards[0]
    assert not card.is_stalled
