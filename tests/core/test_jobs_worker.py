"""The background-work pattern on a real Celery worker and a Redis of the test's own (tests/worker.py): what
the core guarantees whatever the handler. The governance jobs (packs, convocations) are exercised the same way
in tests/governance/test_background_work.py."""

import time

from django.db import transaction

from core.jobs import job_enqueue, job_sweep
from core.models import Job


def status(job):
    return Job.objects.get(pk=job.pk).status


def test_a_job_sent_on_commit_reaches_the_worker(background):
    with transaction.atomic():
        job = job_enqueue(kind="tests.nobody_handles_this", payload={}, dedup_key="worker-1")
    background.wait_until(lambda: status(job) == Job.Status.FAILED, message="the worker to take the job")
    job.refresh_from_db()
    assert job.sent_at is not None
    assert job.attempts == 1
    assert "Aucun traitement n’est déclaré" in job.last_error


def test_a_job_asked_while_redis_is_down_waits_then_runs_after_the_sweep(background):
    background.stop_redis()
    started = time.monotonic()
    with transaction.atomic():
        job = job_enqueue(kind="tests.nobody_handles_this", payload={}, dedup_key="worker-2")
    assert time.monotonic() - started < 5, "a broker outage must not hold the request"
    job.refresh_from_db()
    assert (job.status, job.sent_at) == (Job.Status.PENDING, None)

    background.start_redis()
    assert job_sweep() == 1
    job.refresh_from_db()
    assert job.sent_at is not None
    background.wait_until(lambda: status(job) == Job.Status.FAILED, message="the worker to take the re-sent job")
