"""The periodic tasks of the governance app (CELERY_BEAT_SCHEDULE): thin, the work is in governance.notifications."""

from celery import shared_task

from .notifications.digest import weekly_digest_send


@shared_task(name="governance.send_weekly_digest")
def send_weekly_digest() -> int:
    """Mondays at 7:00: the coordinators' weekly digest (once per coordinator and ISO week)."""
    return weekly_digest_send()
