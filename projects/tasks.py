"""The periodic tasks of the projects app (CELERY_BEAT_SCHEDULE): thin, the work is in projects.notifications."""

from celery import shared_task

from .notifications import follow_up_reminders_plan, next_step_reminders_plan


@shared_task(name="projects.plan_next_step_reminders")
def plan_next_step_reminders() -> int:
    """Daily at 6:00: schedule the referents' reminders of their overdue next steps, spread over the week."""
    return next_step_reminders_plan()


@shared_task(name="projects.plan_follow_up_reminders")
def plan_follow_up_reminders() -> int:
    """Daily at 6:00: schedule the reminders of the 1- and 3-year follow-ups of created enterprises."""
    return follow_up_reminders_plan()
