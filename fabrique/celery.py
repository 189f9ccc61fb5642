"""The Celery application: Redis broker in production, eager tasks without REDIS_URL."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fabrique.settings")

app = Celery("fabrique")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
