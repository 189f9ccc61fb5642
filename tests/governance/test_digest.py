"""The coordinators' weekly digest (governance/notifications/digest.py): its content, one email per coordinator and
ISO week however many runs, none for a coordinator who switched it off; and on a real worker, the digest run twice
and its deliveries run again as after a killed worker still send one email each."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from core.jobs import job_sweep
from core.models import Job, Notification, NotificationOptOut, SentEmail
from core.notifications import NOTIFICATION_JOB, notifications_send_due
from core.roles import Role
from governance.notifications.digest import weekly_digest_send
from projects.models import Project, StageChange

from ..fabrique.factories import UserFactory
from ..projects.factories import NextStepFactory, ProjectFactory
from ..territories.factories import NeedFactory
from .factories import ActionItemFactory

NBSP = "\u00a0"


def path_of(link):
    return link[len(settings.SITE_URL.rstrip("/")) :]


@pytest.fixture
def week(db):
    """A week's worth of events, and some older or finished ones the digest leaves out."""
    today = timezone.localdate()
    NeedFactory(title="Garde d’enfants en horaires décalés")
    old_need = NeedFactory(title="Besoin ancien")
    type(old_need).objects.filter(pk=old_need.pk).update(created_at=timezone.now() - datetime.timedelta(days=9))
    moved = ProjectFactory(title="Garage solidaire", stage=Project.Stage.OPPORTUNITY_STUDY)
    StageChange.objects.create(
        project=moved, from_stage="detected", to_stage="opportunity_study", at=timezone.now() - datetime.timedelta(1)
    )
    StageChange.objects.create(
        project=moved, from_stage="", to_stage="detected", at=timezone.now() - datetime.timedelta(days=2)
    )
    old_move = ProjectFactory(title="Projet déplacé il y a longtemps")
    StageChange.objects.create(
        project=old_move, from_stage="detected", to_stage="opportunity_study", at=timezone.now() - datetime.timedelta(9)
    )
    stalled = ProjectFactory(title="Tiers-lieu à l’arrêt", last_activity_on=today - datetime.timedelta(days=200))
    late = ProjectFactory(title="Épicerie mobile", next_step_due=today - datetime.timedelta(days=4))
    NextStepFactory(project=late, text="Relancer la mairie", due_date=today - datetime.timedelta(days=4))
    paused = ProjectFactory(title="Projet en pause", side_state=Project.SideState.ON_HOLD)
    NextStepFactory(project=paused, text="Étape d’un projet en pause", due_date=today - datetime.timedelta(days=4))
    ActionItemFactory(description="Envoyer l’étude aux financeurs", due_on=today - datetime.timedelta(days=2))
    ActionItemFactory(description="Action faite", due_on=today - datetime.timedelta(days=2), done_on=today)
    return {"stalled": stalled, "late": late}


def test_the_digest_tells_each_coordinator_the_week(client_for, week, referent, django_capture_on_commit_callbacks):
    first = UserFactory(role=Role.COORDINATOR, email="coordination@cress.fr")
    second = UserFactory(role=Role.COORDINATOR, email="direction@cress.fr")
    UserFactory(role=Role.COORDINATOR, email="partie@cress.fr", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert weekly_digest_send() == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["coordination@cress.fr", "direction@cress.fr"]
    message = next(message for message in mail.outbox if message.to == [first.email])
    assert message.subject.startswith(f"Lettre de la semaine de la Fabrique{NBSP}: du ")
    body = message.body
    assert f"Nouveaux besoins (sept derniers jours){NBSP}: 1" in body and "Garde d’enfants" in body
    assert "Besoin ancien" not in body
    assert f"Changements d’étape (sept derniers jours){NBSP}: 1" in body and "Garage solidaire" in body
    assert "Projet déplacé il y a longtemps" not in body
    assert "Tiers-lieu à l’arrêt" in body and "Épicerie mobile" in body
    assert f"Prochaines étapes en retard{NBSP}: 1" in body and "Relancer la mairie" in body
    assert "Étape d’un projet en pause" not in body
    assert f"Actions à mener en retard{NBSP}: 1" in body and "Envoyer l’étude aux financeurs" in body
    assert "Action faite" not in body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Relancer la mairie" in html and "Gérer mes notifications" in html
    notification = Notification.objects.get(user=first)
    assert notification.kind == "weekly_digest" and notification.status == Notification.Status.SENT
    assert client_for(first).get(path_of(notification.link)).status_code == 200
    project_link = f"/projets/{week['stalled'].pk}/"
    assert project_link in body and client_for(second).get(project_link).status_code == 200
    assert not Notification.objects.filter(user=referent).exists()


def test_a_long_block_lists_its_first_rows_and_says_how_many_more(db, django_capture_on_commit_callbacks):
    from governance.notifications.digest import DIGEST_ROWS

    coordinator = UserFactory(role=Role.COORDINATOR)
    NeedFactory.create_batch(DIGEST_ROWS + 2)
    with django_capture_on_commit_callbacks(execute=True):
        weekly_digest_send()
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert message.to == [coordinator.email]
    assert "… et 2 autres, sur le tableau de bord" in message.body
    assert "… et 2 autres, sur le tableau de bord" in html
    # A block that fits says nothing more.
    assert message.body.count("autres, sur le tableau de bord") == 1


def test_the_digest_run_twice_sends_one_email_per_coordinator(week, django_capture_on_commit_callbacks):
    coordinator = UserFactory(role=Role.COORDINATOR)
    quiet = UserFactory(role=Role.COORDINATOR)
    NotificationOptOut.objects.create(user=quiet, kind="weekly_digest")
    monday = timezone.make_aware(datetime.datetime(2026, 12, 7, 7, 0))
    with django_capture_on_commit_callbacks(execute=True):
        weekly_digest_send(now=monday)
    with django_capture_on_commit_callbacks(execute=True):
        weekly_digest_send(now=monday + datetime.timedelta(hours=3))
    assert [message.to for message in mail.outbox] == [[coordinator.email]]
    assert Notification.objects.get().dedup_key == f"weekly_digest:2026-W50:{coordinator.pk}"
    # The next week's (asked ahead of time here): an upcoming notification, sent once due.
    next_monday = monday + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        weekly_digest_send(now=next_monday)
    upcoming = Notification.objects.get(dedup_key=f"weekly_digest:2026-W51:{coordinator.pk}")
    assert upcoming.status == Notification.Status.SCHEDULED and upcoming.send_after == next_monday
    with django_capture_on_commit_callbacks(execute=True):
        notifications_send_due(now=next_monday)
    assert len(mail.outbox) == 2 and not Notification.objects.filter(user=quiet).exists()


def test_on_a_real_worker_the_digest_twice_and_a_killed_worker_send_one_email_each(background):
    coordinators = [UserFactory(role=Role.COORDINATOR, email=f"coordination{n}@cress.fr") for n in range(3)]
    weekly_digest_send()
    weekly_digest_send()
    notifications = Notification.objects.filter(kind="weekly_digest")
    background.wait_until(
        lambda: notifications.filter(status=Notification.Status.SENT).count() == 3,
        message="the worker to send the digests",
    )
    assert len(background.emails()) == 3

    # The worker killed after sending, before the jobs were marked done: they run again on a new worker.
    background.kill_worker()
    jobs = Job.objects.filter(kind=NOTIFICATION_JOB)
    assert jobs.count() == 3
    jobs.update(status=Job.Status.RUNNING, heartbeat_at=timezone.now() - datetime.timedelta(days=1))
    notifications.update(status=Notification.Status.PENDING)
    background.restart_worker()
    assert job_sweep() == 3
    background.wait_until(
        lambda: jobs.filter(status=Job.Status.DONE, attempts=2).count() == 3,
        message="the worker to run the deliveries again",
    )
    assert len(background.emails()) == 3 and SentEmail.objects.count() == 3
    addresses = {line for email in background.emails() for line in email.splitlines() if line.startswith("To: ")}
    assert addresses == {f"To: {user.email}" for user in coordinators}
