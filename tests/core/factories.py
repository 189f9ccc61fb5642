"""factory_boy factories of the core: background jobs, notifications."""

import factory
from django.utils import timezone

from core.models import Job, Notification


class JobFactory(factory.django.DjangoModelFactory):
    """A failed job, as a coordinator finds it on the jobs page."""

    class Meta:
        model = Job

    kind = "governance.pack_build"
    payload = factory.LazyFunction(dict)
    dedup_key = factory.Sequence(lambda n: f"test-job-{n}")
    status = Job.Status.FAILED
    attempts = 3
    last_error = "ConnectionError: Redis injoignable"


class NotificationFactory(factory.django.DjangoModelFactory):
    """A sent notification (core/notifications.py)."""

    class Meta:
        model = Notification

    to = factory.Sequence(lambda n: f"destinataire{n}@exemple.fr")
    kind = "invitation"
    subject = factory.Sequence(lambda n: f"Objet {n}")
    text = "Bonjour"
    link = "http://127.0.0.1:8000/"
    dedup_key = factory.Sequence(lambda n: f"test-notification-{n}")
    status = Notification.Status.SENT
    sent_at = factory.LazyFunction(timezone.now)
