"""The Fabrique project: settings, URLs, Celery, users, organisations' roles and base views."""

from .celery import app as celery_app

__all__ = ["celery_app"]
