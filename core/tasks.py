"""The Celery tasks of the core: run one job by its registered handler; sweep the jobs that were lost; enqueue
the scheduled notifications that are due.

All are thin: the rules live in core/jobs.py (the job's states, the sweeper), core/notifications.py and in each
app's handlers.
"""

import datetime

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .jobs import handler_for, job_sweep
from .models import Job
from .notifications import notifications_send_due


def retry_countdown(retries: int) -> int:
    """Seconds before the next try: 1, 2, 4, 8, 16… capped at JOB_RETRY_BACKOFF_MAX (below JOB_RESEND_AFTER, so
    the sweeper does not re-send a job that is only waiting for its retry)."""
    return min(2**retries, settings.JOB_RETRY_BACKOFF_MAX)


def _claim(job_id: int):
    """Mark the job running and return it, or None when it must not run: unknown, done, failed (a coordinator
    relaunches it), or running elsewhere with a recent sign of life (a duplicate delivery)."""
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in (Job.Status.DONE, Job.Status.FAILED):
            return None
        alive_since = now - datetime.timedelta(seconds=settings.JOB_STALE_AFTER)
        if job.status == Job.Status.RUNNING and job.heartbeat_at and job.heartbeat_at >= alive_since:
            return None
        job.status = Job.Status.RUNNING
        job.started_at = job.heartbeat_at = now
        job.finished_at = None
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "heartbeat_at", "finished_at", "attempts"])
    return job


def _fail(job: Job, error: str) -> None:
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, last_error=error[:2000], finished_at=timezone.now())


@shared_task(bind=True, acks_late=True, name="core.run_job")
def run_job(self, job_id: int) -> str:
    """Run the job once (a second delivery is skipped); a failure is retried with a growing delay, then the job
    is failed with its error for a coordinator to relaunch."""
    job = _claim(job_id)
    if job is None:
        return "skipped"
    try:
        work = handler_for(job.kind)
    except KeyError:
        _fail(job, _("Aucun traitement n’est déclaré pour ce type de tâche (%(kind)s).") % {"kind": job.kind})
        return "failed"
    try:
        work(job)
    except Exception as error:
        message = f"{type(error).__name__}: {error}"
        retries = self.request.retries or 0
        if retries < settings.JOB_MAX_RETRIES and not self.request.called_directly:
            # Pending again while it waits for its retry; sent_at now, so the sweeper leaves it to the retry.
            Job.objects.filter(pk=job.pk).update(
                status=Job.Status.PENDING, last_error=message[:2000], sent_at=timezone.now(), heartbeat_at=None
            )
            if self.request.is_eager:
                # No broker (development, tests): no worker would deliver a delayed retry, it runs now.
                return run_job.apply(args=[job_id], retries=retries + 1, throw=True).result
            raise self.retry(
                exc=error, countdown=retry_countdown(retries), max_retries=settings.JOB_MAX_RETRIES
            ) from error
        _fail(job, message)
        raise
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, finished_at=timezone.now(), last_error="")
    return "done"


@shared_task(name="core.sweep_jobs")
def sweep_jobs() -> int:
    """Every minute (CELERY_BEAT_SCHEDULE): re-send the jobs that never started or whose worker died."""
    return job_sweep()


@shared_task(name="core.send_due_notifications")
def send_due_notifications() -> int:
    """Every five minutes (CELERY_BEAT_SCHEDULE): enqueue the scheduled notifications that are due."""
    return notifications_send_due()
