"""Background work that loses nothing (DESIGN.md): a job row written in the request's transaction, handed to
Celery once that transaction commits, run by a registered handler, re-sent by the sweeper until done.

An app declares its handlers in `<app>/jobs.py` (or a `jobs` package) with `@handler("<app>.<what>")`;
a request asks for work with `job_enqueue(...)` inside its own transaction. Handlers are idempotent: a job
may run twice (a re-send after a lost worker), and its work must then happen once. An email goes out through
`send_email_once` with a key of its own. The task that runs a job is `core.tasks.run_job`; the sweeper,
`job_sweep`, runs every minute from celery beat (CELERY_BEAT_SCHEDULE, the one schedule of periodic work).
"""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from .mail import send_email_once
from .models import Job
from .rules import is_coordinator

__all__ = [
    "handler",
    "handler_for",
    "handler_label",
    "heartbeat",
    "job_counts",
    "job_enqueue",
    "job_list",
    "job_retry",
    "job_send",
    "job_sweep",
    "send_email_once",
]

_HANDLERS: dict[str, Callable[[Job], None]] = {}
_LABELS: dict[str, str] = {}


def handler(kind: str, *, label=None):
    """Register `function(job)` as the handler of jobs of this kind (`label`: its French name on the jobs page)."""

    def register(function):
        _HANDLERS[kind] = function
        if label is not None:
            _LABELS[kind] = label
        return function

    return register


def _discover():
    autodiscover_modules("jobs")


def handler_for(kind: str) -> Callable[[Job], None]:
    """The handler of this kind of job (KeyError when no app declares one)."""
    if kind not in _HANDLERS:
        _discover()
    return _HANDLERS[kind]


def handler_label(kind: str) -> str:
    """What a coordinator reads for a kind of job: its label when its handler gave one, else the kind."""
    if kind not in _HANDLERS:
        _discover()
    return str(_LABELS.get(kind, kind))


def job_send(job_id: int) -> None:
    """Hand the job to the broker; when the broker is down the job stays pending and the sweeper re-sends it."""
    from .tasks import run_job

    try:
        # One quick reconnection covers a pooled connection to a Redis that restarted; a Redis that is down
        # fails at once (the request that asked for the work answers normally) and the sweeper sends it later.
        run_job.apply_async(
            args=[job_id],
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2},
        )
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
    """A long handler calls this as it goes: the sweeper leaves a running job with a recent sign of life alone
    (JOB_STALE_AFTER seconds), and takes a silent one for dead."""
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())


def job_retry(*, job: Job, by) -> Job:
    """A coordinator sends a failed job again: back to pending, sent when the transaction commits."""
    if not is_coordinator(by):
        raise PermissionDenied
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if locked.status != Job.Status.FAILED:
            raise ValidationError(_("Seule une tâche en échec peut être relancée."), code="not_failed")
        locked.status = Job.Status.PENDING
        locked.sent_at = locked.started_at = locked.heartbeat_at = locked.finished_at = None
        locked.save(update_fields=["status", "sent_at", "started_at", "heartbeat_at", "finished_at"])
        transaction.on_commit(lambda: job_send(locked.pk))
    return locked


def job_sweep(*, now=None, limit=500) -> int:
    """Re-send the jobs that were lost; how many it re-sent.

    - pending jobs never sent (the broker was down when their request committed) or sent more than
      JOB_RESEND_AFTER seconds ago (the message was lost, or is still queued: a duplicate delivery is
      skipped by run_job);
    - running jobs whose worker gave no sign of life for JOB_STALE_AFTER seconds (killed, its machine
      gone): back to pending and sent again; after JOB_MAX_ATTEMPTS starts, one that keeps killing its
      worker is failed instead, for a coordinator to look at.
    """
    now = now or timezone.now()
    resend_before = now - datetime.timedelta(seconds=settings.JOB_RESEND_AFTER)
    stale_before = now - datetime.timedelta(seconds=settings.JOB_STALE_AFTER)
    with transaction.atomic():
        stale = list(
            Job.objects.select_for_update(skip_locked=True)
            .filter(status=Job.Status.RUNNING)
            .filter(Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=stale_before))
            .values_list("pk", "attempts")[:limit]
        )
        worn_out = [pk for pk, attempts in stale if attempts >= settings.JOB_MAX_ATTEMPTS]
        revived = [pk for pk, attempts in stale if attempts < settings.JOB_MAX_ATTEMPTS]
        if worn_out:
            Job.objects.filter(pk__in=worn_out).update(
                status=Job.Status.FAILED,
                finished_at=now,
                last_error=_("Le traitement s’est interrompu à chaque tentative (processus arrêté)."),
            )
        if revived:
            Job.objects.filter(pk__in=revived).update(status=Job.Status.PENDING, sent_at=None, heartbeat_at=None)
        lost = list(
            Job.objects.filter(status=Job.Status.PENDING)
            .filter(Q(sent_at__isnull=True) | Q(sent_at__lt=resend_before))
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
    for job_id in lost:
        job_send(job_id)
    return len(lost)


# The jobs page: what needs a coordinator first.
STATUS_ORDER = Case(
    When(status=Job.Status.FAILED, then=Value(0)),
    When(status=Job.Status.RUNNING, then=Value(1)),
    When(status=Job.Status.PENDING, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def job_list(*, user):
    """Every job for a coordinator (nobody else reads them): failed first, then running and pending, then
    the latest done."""
    if not is_coordinator(user):
        return Job.objects.none()
    return (
        Job.objects.select_related("requested_by")
        .annotate(status_rank=STATUS_ORDER)
        .order_by("status_rank", "-created_at", "-pk")
    )


def job_counts() -> dict:
    """How many jobs are in each state, for the page's summary (one query)."""
    counts = dict.fromkeys(Job.Status.values, 0)
    counts.update(Job.objects.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return counts
