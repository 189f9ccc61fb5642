"""The Celery tasks of the core: run one job by its registered handler; sweep jobs that were lost."""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from .models import Job


@shared_task(acks_late=True, name="core.run_job")
def run_job(job_id: int) -> str:
    """Run the job unless it is done (idempotent); a failure is recorded on the row."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status == Job.Status.DONE:
            return "skipped"
        now = timezone.now()
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.RUNNING, started_at=now, heartbeat_at=now, attempts=job.attempts + 1
        )
    from .jobs import handler_for

    try:
        handler_for(job.kind)(job)
    except Exception as error:
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, last_error=f"{type(error).__name__}: {error}"[:2000], finished_at=timezone.now()
        )
        raise
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, finished_at=timezone.now(), last_error="")
    return "done"
