"""Background work that loses nothing (DESIGN.md): a job row written in the request's transaction, handed to
Celery once that transaction commits, run by a registered handler, re-sent by the sweeper until done.

An app declares its handlers in `<app>/jobs.py` (or a `jobs` package) with `@handler("<app>.<what>")`;
a request asks for work with `job_enqueue(...)` inside its own transaction. Handlers are idempotent: a job
may run twice (a re-send after a lost worker), and its work must then happen once.
"""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import Job

_HANDLERS: dict[str, Callable[[Job], None]] = {}


def handler(kind: str):
    """Register `function(job)` as the handler of jobs of this kind."""

    def register(function):
        _HANDLERS[kind] = function
        return function

    return register


def handler_for(kind: str) -> Callable[[Job], None]:
    if kind not in _HANDLERS:
        autodiscover_modules("jobs")
    return _HANDLERS[kind]


def job_send(job_id: int) -> None:
    """Hand the job to the broker; when the broker is down the job stays pending and the sweeper re-sends it."""
    from .tasks import run_job

    try:
        run_job.apply_async(args=[job_id], retry=False)
    except Exception:  # noqa: BLE001 - a broker outage must not fail the request that asked for the work
        return
    Job.objects.filter(pk=job_id, status=Job.Status.PENDING).update(sent_at=timezone.now())


def job_enqueue(*, kind: str, payload: dict, dedup_key: str, by=None) -> Job:
    """Record a job (once per `dedup_key`) in the caller's transaction, and send it when that commits."""
    job, created = Job.objects.get_or_create(
        dedup_key=dedup_key, defaults={"kind": kind, "payload": payload, "requested_by": by}
    )
    if created:
        transaction.on_commit(lambda: job_send(job.pk))
    return job


def heartbeat(job: Job) -> None:
    """A long handler calls this as it goes: the sweeper leaves a running job with a recent sign of life alone."""
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
