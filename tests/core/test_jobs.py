"""The background-work pattern (core/jobs.py, core/tasks.py), in the test process: jobs sent on commit, run
once, retried with a growing delay then failed, re-sent by the sweeper; coordinators relaunch failed jobs."""

import datetime
import io

import pytest
from django.conf import settings
from django.contrib.admin.sites import site as admin_site
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from core import jobs
from core.jobs import handler, heartbeat, job_enqueue, job_retry, job_sweep
from core.models import Job, SentEmail
from core.tasks import retry_countdown, run_job
from fabrique.celery import app

from .factories import JobFactory

RUNS = []


@handler("tests.record", label="Tâche de test")
def record(job):
    RUNS.append(job.payload["n"])


@handler("tests.broken")
def broken(job):
    RUNS.append("broken")
    raise OSError("disque plein")


@pytest.fixture(autouse=True)
def no_runs():
    RUNS.clear()


@pytest.fixture
def sent(monkeypatch):
    """The jobs handed to the broker, instead of handing them."""
    ids = []
    monkeypatch.setattr(jobs, "job_send", ids.append)
    return ids


def ago(seconds):
    return timezone.now() - datetime.timedelta(seconds=seconds)


def test_a_job_is_recorded_in_the_transaction_and_run_when_it_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        job = job_enqueue(kind="tests.record", payload={"n": 1}, dedup_key="record-1")
        assert RUNS == []
    assert RUNS == [1]
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert (job.attempts, job.last_error) == (1, "")
    assert job.finished_at is not None


def test_a_rolled_back_request_leaves_no_job_and_sends_nothing(db, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        job_enqueue(kind="tests.record", payload={"n": 1}, dedup_key="record-1")
        raise RuntimeError
    assert callbacks == []
    assert not Job.objects.exists()
    assert RUNS == []


def test_the_same_work_asked_twice_makes_one_job(db, sent, django_capture_on_commit_callbacks, coordinator):
    with django_capture_on_commit_callbacks(execute=True):
        first = job_enqueue(kind="tests.record", payload={"n": 1}, dedup_key="record-1", by=coordinator)
        second = job_enqueue(kind="tests.record", payload={"n": 2}, dedup_key="record-1")
    assert first.pk == second.pk
    assert sent == [first.pk]
    assert Job.objects.get().requested_by == coordinator


def test_a_broker_outage_does_not_fail_the_request_and_leaves_the_job_pending(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    tried = []

    def broker_down(*args, **kwargs):
        tried.append(args)
        raise ConnectionRefusedError("Redis injoignable")

    monkeypatch.setattr(run_job, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(kind="tests.record", payload={"n": 1}, dedup_key="record-1")
    assert tried
    job.refresh_from_db()
    assert (job.status, job.sent_at) == (Job.Status.PENDING, None)
    assert RUNS == []


def test_a_sent_job_records_when_it_was_sent(db, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(run_job, "apply_async", lambda *args, **kwargs: None)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(kind="tests.record", payload={"n": 1}, dedup_key="record-1")
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING
    assert job.sent_at is not None


def test_a_done_job_is_not_run_again(db):
    job = JobFactory(kind="tests.record", payload={"n": 1}, status=Job.Status.DONE, attempts=1)
    assert run_job(job.pk) == "skipped"
    assert RUNS == []
    job.refresh_from_db()
    assert job.attempts == 1


def test_a_failed_job_waits_for_a_coordinator(db):
    job = JobFactory(kind="tests.record", payload={"n": 1})
    assert run_job(job.pk) == "skipped"
    assert RUNS == []


def test_a_second_delivery_while_the_job_runs_elsewhere_is_skipped(db):
    job = JobFactory(kind="tests.record", payload={"n": 1}, status=Job.Status.RUNNING, heartbeat_at=ago(5))
    assert run_job(job.pk) == "skipped"
    assert RUNS == []
    assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING


def test_a_running_job_silent_too_long_is_taken_over(db):
    job = JobFactory(
        kind="tests.record", payload={"n": 1}, status=Job.Status.RUNNING, heartbeat_at=ago(settings.JOB_STALE_AFTER + 5)
    )
    assert run_job(job.pk) == "done"
    assert RUNS == [1]


def test_an_unknown_job_id_is_skipped(db):
    assert run_job(123456) == "skipped"


def test_a_job_of_an_unknown_kind_fails_with_a_french_error(db):
    job = JobFactory(kind="tests.nobody", status=Job.Status.PENDING, attempts=0)
    assert run_job(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "Aucun traitement n’est déclaré" in job.last_error


def test_a_failing_job_is_retried_a_bounded_number_of_times_then_failed_with_its_error(db, settings):
    settings.JOB_MAX_RETRIES = 3
    job = JobFactory(kind="tests.broken", status=Job.Status.PENDING, attempts=0, last_error="")
    # Eager here: Celery runs the retries at once (a worker waits retry_countdown between them).
    with pytest.raises(OSError):
        run_job.apply(args=[job.pk])
    assert RUNS == ["broken"] * 4
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.attempts == 4
    assert job.last_error == "OSError: disque plein"
    assert job.finished_at is not None


def test_a_failing_job_waits_pending_for_its_retry(db, monkeypatch):
    """Between two tries the job is pending and marked sent: the sweeper leaves it to its retry."""
    job = JobFactory(kind="tests.broken", status=Job.Status.PENDING, attempts=0, last_error="")
    retried = []

    def fake_retry(**options):
        retried.append(options)
        return RuntimeError("retry")

    monkeypatch.setattr(run_job, "retry", fake_retry)
    with app.connection_for_write():
        run_job.push_request(retries=2, called_directly=False)
        try:
            with pytest.raises(RuntimeError):
                run_job.run(job.pk)
        finally:
            run_job.pop_request()
    assert retried[0]["countdown"] == 4
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING
    assert job.last_error == "OSError: disque plein"
    assert job.sent_at is not None
    assert job_sweep() == 0


def test_the_retry_delay_doubles_and_is_capped_below_the_resend_delay():
    assert [retry_countdown(n) for n in range(5)] == [1, 2, 4, 8, 16]
    assert retry_countdown(20) == settings.JOB_RETRY_BACKOFF_MAX
    assert settings.JOB_RETRY_BACKOFF_MAX < settings.JOB_RESEND_AFTER


def test_run_job_acknowledges_late():
    assert run_job.acks_late is True
    assert app.conf.task_reject_on_worker_lost is True


def test_heartbeat_marks_a_sign_of_life(db):
    job = JobFactory(status=Job.Status.RUNNING, heartbeat_at=ago(3600))
    heartbeat(job)
    job.refresh_from_db()
    assert job.heartbeat_at > ago(5)


def test_the_sweeper_resends_lost_jobs_and_revives_dead_ones(db, sent, settings):
    settings.JOB_MAX_ATTEMPTS = 10
    never_sent = JobFactory(status=Job.Status.PENDING, sent_at=None, attempts=0)
    sent_long_ago = JobFactory(status=Job.Status.PENDING, sent_at=ago(settings.JOB_RESEND_AFTER + 10), attempts=0)
    dead = JobFactory(status=Job.Status.RUNNING, heartbeat_at=ago(settings.JOB_STALE_AFTER + 10), attempts=1)
    # Left alone: sent a moment ago, running with a recent sign of life, done, failed.
    JobFactory(status=Job.Status.PENDING, sent_at=ago(10), attempts=0)
    alive = JobFactory(status=Job.Status.RUNNING, heartbeat_at=ago(10), attempts=1)
    JobFactory(status=Job.Status.DONE, sent_at=ago(9999))
    JobFactory(status=Job.Status.FAILED, sent_at=ago(9999))

    assert job_sweep() == 3
    assert sorted(sent) == sorted([never_sent.pk, sent_long_ago.pk, dead.pk])
    dead.refresh_from_db()
    assert (dead.status, dead.heartbeat_at) == (Job.Status.PENDING, None)
    assert Job.objects.get(pk=alive.pk).status == Job.Status.RUNNING


def test_a_job_that_keeps_killing_its_worker_ends_failed(db, sent, settings):
    settings.JOB_MAX_ATTEMPTS = 3
    job = JobFactory(status=Job.Status.RUNNING, heartbeat_at=ago(settings.JOB_STALE_AFTER + 10), attempts=3)
    assert job_sweep() == 0
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "interrompu" in job.last_error
    assert sent == []


def test_the_sweeper_runs_the_jobs_it_resends(db):
    """Without a broker (eager), a re-sent job runs at once."""
    job = JobFactory(kind="tests.record", payload={"n": 7}, status=Job.Status.PENDING, sent_at=None, attempts=0)
    out = io.StringIO()
    call_command("sweep_jobs", stdout=out)
    assert out.getvalue().startswith("1 ")
    assert RUNS == [7]
    assert Job.objects.get(pk=job.pk).status == Job.Status.DONE


def test_the_sweeper_runs_every_minute_from_the_one_schedule():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["sweep-jobs"]["task"] == "core.sweep_jobs"
    assert schedule["sweep-jobs"]["schedule"] == 60.0
    app.loader.import_default_modules()
    assert {"core.sweep_jobs", "core.run_job"} <= set(app.tasks)
    # Every periodic task of the schedule is one the worker knows.
    assert {entry["task"] for entry in schedule.values()} <= set(app.tasks)


def test_a_coordinator_relaunches_a_failed_job(db, sent, coordinator, django_capture_on_commit_callbacks):
    job = JobFactory(status=Job.Status.FAILED, sent_at=ago(9999), finished_at=ago(9999))
    with django_capture_on_commit_callbacks(execute=True):
        job_retry(job=job, by=coordinator)
    job.refresh_from_db()
    assert (job.status, job.sent_at, job.finished_at) == (Job.Status.PENDING, None, None)
    assert sent == [job.pk]


@pytest.mark.parametrize("role", ["referent", "partner", "staff"])
def test_only_a_coordinator_relaunches(db, request, role, sent):
    job = JobFactory(status=Job.Status.FAILED)
    with pytest.raises(PermissionDenied):
        job_retry(job=job, by=request.getfixturevalue(role))
    assert Job.objects.get(pk=job.pk).status == Job.Status.FAILED


@pytest.mark.parametrize("status", [Job.Status.PENDING, Job.Status.RUNNING, Job.Status.DONE])
def test_only_a_failed_job_is_relaunched(db, coordinator, status, sent):
    job = JobFactory(status=status)
    with pytest.raises(ValidationError):
        job_retry(job=job, by=coordinator)
    assert Job.objects.get(pk=job.pk).status == status
    assert sent == []


def test_jobs_and_sent_emails_are_read_only_in_the_admin(rf, staff):
    request = rf.get("/")
    request.user = staff
    for model in (Job, SentEmail):
        model_admin = admin_site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)


def test_the_jobs_admin_lists_jobs(client, staff, db):
    JobFactory(kind="tests.admin_kind")
    client.force_login(staff)
    from django.urls import reverse

    response = client.get(reverse("admin:core_job_changelist"))
    assert response.status_code == 200
    assert "tests.admin_kind" in response.content.decode()
