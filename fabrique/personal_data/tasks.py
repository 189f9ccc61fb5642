"""The nightly task of the schedule (CELERY_BEAT_SCHEDULE) that anonymises personal data past its retention period.

A bare periodic task rather than a job: it is idempotent and finds its own work, so a lost run is caught up by
the next night's. Imported by FabriqueConfig.ready() so that the worker knows it.
"""

from celery import shared_task

from .retention import retention_apply


@shared_task(name="fabrique.personal_data_retention", acks_late=True)
def personal_data_retention() -> int:
    return len(retention_apply())
