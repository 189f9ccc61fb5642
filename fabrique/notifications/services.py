"""Writes about notifications that touch users: an address the mail server refused is recorded on the user,
and cleared when the address changes or a coordinator marks it corrected."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.rules import is_coordinator

from ..models import User


def user_email_refusal_record(notification, reason: str) -> None:
    """The refusal hook (core.notifications.on_refused): the notification's user, or the account of its
    address, gets the date and the server's reason."""
    users = (
        User.objects.filter(pk=notification.user_id)
        if notification.user_id
        else User.objects.filter(email__iexact=notification.to)
    )
    users.update(email_refused_at=timezone.now(), email_refused_reason=reason[:2000])


def user_email_refusal_clear(*, user, by) -> None:
    """A coordinator marks the user's address corrected (the refusal leaves the « Envois » page)."""
    if not is_coordinator(by):
        raise PermissionDenied
    User.objects.filter(pk=user.pk).update(email_refused_at=None, email_refused_reason="")


def email_changed(sender, request=None, user=None, **kwargs) -> None:
    """allauth's email_changed signal: a new address has not been refused."""
    if user is not None:
        User.objects.filter(pk=user.pk, email_refused_at__isnull=False).update(
            email_refused_at=None, email_refused_reason=""
        )
