"""The models of the core: the background jobs every app hands to Celery, the emails they sent, and the
notifications (every email of the platform) with the kinds each user switched off."""

from .jobs import Job, SentEmail
from .notifications import Notification, NotificationOptOut

__all__ = ["Job", "Notification", "NotificationOptOut", "SentEmail"]
