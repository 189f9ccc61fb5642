"""The models of the core: the background jobs every app hands to Celery, and the emails they sent."""

from .jobs import Job, SentEmail

__all__ = ["Job", "SentEmail"]
