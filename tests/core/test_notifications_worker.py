"""Notifications on a real Celery worker and a Redis of the test's own (tests/worker.py, PostgreSQL): one
notification makes one email whatever the deliveries of its job, and a worker killed right after the send leaves
one email, the notification marked sent by the next worker."""

from django.db import connection, connections, transaction

from core.jobs import job_send, job_sweep
from core.models import Job, Notification, SentEmail
from core.notifications import NOTIFICATION_JOB, notify
from core.tasks import run_job


def invitation(key, to="invitee@exemple.fr"):
    # "invitation" is a mandatory kind declared by fabrique: no opt-out to consider.
    return notify(
        kind="invitation",
        to=to,
        subject="Invitation à rejoindre Fabrique",
        text="Bonjour, voici votre lien.",
        html="<p>Bonjour, voici votre lien.</p>",
        link="http://127.0.0.1:8000/",
        dedup_key=key,
    )


def status(notification):
    return Notification.objects.get(pk=notification.pk).status


def settle(background):
    """Let the worker take what it was sent (a ping answers once it is idle, with a solo pool)."""
    from fabrique.celery import app

    background.wait_until(
        lambda: app.control.ping(destination=[background.worker.name], timeout=1), message="the worker to be idle"
    )


def test_one_notification_makes_one_email_even_when_its_job_runs_twice(background):
    with transaction.atomic():
        notification = invitation("worker-notification:1")
    background.wait_until(lambda: status(notification) == Notification.Status.SENT, message="the worker to send it")
    job = Job.objects.get(kind=NOTIFICATION_JOB)
    assert len(background.emails()) == 1

    # A duplicate delivery of the done job, then the job sent again as if its worker had died before the end.
    run_job.delay(job.pk)
    settle(background)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.PENDING, sent_at=None)
    Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.PENDING)
    assert job_sweep() == 1
    background.wait_until(
        lambda: Job.objects.filter(pk=job.pk, status=Job.Status.DONE, attempts=2).exists(),
        message="the worker to run the job again",
    )
    assert status(notification) == Notification.Status.SENT
    assert len(background.emails()) == 1
    assert SentEmail.objects.filter(dedup_key="worker-notification:1").count() == 1
    assert "To: invitee@exemple.fr" in background.emails()[0].splitlines()


def test_a_worker_killed_after_the_send_leaves_one_email(background, settings):
    settings.JOB_STALE_AFTER = 1  # read by the sweeper, run here
    notification = Notification.objects.create(
        kind="invitation",
        to="tuee@exemple.fr",
        subject="Invitation à rejoindre Fabrique",
        text="Bonjour.",
        dedup_key="worker-notification:2",
    )
    job = Job.objects.create(kind=NOTIFICATION_JOB, payload={"notification": notification.pk}, dedup_key="n2")

    # Another connection holds the notification's row: the worker sends the email, then waits to mark it sent.
    holder = connections.create_connection("default")
    holder.set_autocommit(False)
    with holder.cursor() as cursor:
        cursor.execute("SELECT id FROM core_notification WHERE id = %s FOR UPDATE", [notification.pk])
    try:
        job_send(job.pk)
        background.wait_until(lambda: len(background.emails()) == 1, message="the worker to send the email")
        background.wait_until(
            lambda: SentEmail.objects.filter(dedup_key="worker-notification:2").exists(),
            message="the email to be recorded",
        )
        background.kill_worker()
        # The dead worker's connection goes with its machine.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND query LIKE %s",
                ['UPDATE "core_notification"%'],
            )
            assert cursor.fetchall(), "the worker was not waiting to mark the notification sent"
    finally:
        holder.rollback()
        holder.close()
    assert status(notification) == Notification.Status.PENDING
    assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING

    background.restart_worker()
    background.wait_until(job_sweep, timeout=10, interval=0.2, message="the sweeper to re-send the dead job")
    background.wait_until(
        lambda: status(notification) == Notification.Status.SENT, message="the next worker to mark it sent"
    )
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)
    assert len(background.emails()) == 1, "the email went out once"
