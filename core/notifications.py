"""Notifications: every email of the platform is a Notification row written in the caller's transaction and
delivered by a background job of the lossless kind (core/jobs.py), once per deduplication key.

An app declares its kinds in `AppConfig.ready()` with `register_kind(...)`, renders an email with
`render_email(template, context)` (French, text and HTML on the common layout templates/emails/base.*) and asks
for it with `notify(...)` inside its service's transaction. A user may switch an optional kind off; the
mandatory ones (invitation, convocation) always go. Scheduled ones (`send_after` in the future) are enqueued
by the periodic task `core.send_due_notifications` once due. An address the mail server refuses marks the
notification "refused" (never retried) and calls the hooks registered with `on_refused(...)`.
"""

import datetime
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .jobs import handler, job_enqueue, send_email_once
from .models import Notification, NotificationOptOut

__all__ = [
    "NOTIFICATION_JOB",
    "Kind",
    "absolute_url",
    "kind_label",
    "kinds",
    "notification_bounce",
    "notification_cancel",
    "notification_preferences",
    "notification_preferences_save",
    "notifications_send_due",
    "notify",
    "on_refused",
    "register_kind",
    "render_email",
]

NOTIFICATION_JOB = "core.notification"
# How many due notifications one transaction of the periodic task enqueues, and how many batches a run takes at
# most (the rest waits for the next run, five minutes later).
DUE_BATCH = 200
DUE_MAX_BATCHES = 25


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    optional: bool = True
    description: str = ""
    # An email carrying a one-time secret (the invitation's link): its body is erased once sent, so that the
    # table never keeps a usable link.
    erase_body: bool = False


_KINDS: dict[str, Kind] = {}
_REFUSAL_HOOKS: list[Callable] = []


def register_kind(key: str, *, label, optional: bool = True, description="", erase_body: bool = False) -> None:
    """Declare a kind of notification (from an AppConfig.ready()); a mandatory one cannot be switched off."""
    _KINDS[key] = Kind(key=key, label=label, optional=optional, description=description, erase_body=erase_body)


def kinds() -> list[Kind]:
    """Every declared kind, in the order they were declared."""
    return list(_KINDS.values())


def kind_label(key: str) -> str:
    """What a person reads for a kind: its label, or the key of a kind no app declares any more."""
    kind = _KINDS.get(key)
    return str(kind.label) if kind else key


def on_refused(function: Callable) -> Callable:
    """Register `function(notification, reason)`, called when the mail server refuses a notification's address
    (fabrique records it on the user). Usable as a decorator."""
    if function not in _REFUSAL_HOOKS:
        _REFUSAL_HOOKS.append(function)
    return function


def absolute_url(path: str) -> str:
    """The address of a page of the platform, for an email: SITE_URL followed by the path."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def preferences_url() -> str:
    try:
        return absolute_url(reverse("notification_preferences"))
    except NoReverseMatch:  # a project without the preferences page
        return absolute_url("/")


def render_email(template: str, context: dict) -> tuple[str, str]:
    """(text, html) of an email, from `<template>.txt` and `<template>.html`, in French. The templates extend
    emails/base.txt and emails/base.html, which read `link` (absolute, see absolute_url), `link_label` and
    `reason` (« Vous recevez ce message parce que… ») from the context."""
    with translation.override("fr"):
        context = {"site_url": settings.SITE_URL, "preferences_url": preferences_url(), **context}
        return render_to_string(f"{template}.txt", context), render_to_string(f"{template}.html", context)


def _kind(key: str) -> Kind:
    if key not in _KINDS:
        raise ValueError(f"Unknown notification kind {key!r}: declare it with register_kind() in AppConfig.ready().")
    return _KINDS[key]


def _enqueue(notification: Notification) -> None:
    job_enqueue(
        kind=NOTIFICATION_JOB, payload={"notification": notification.pk}, dedup_key=f"notification:{notification.pk}"
    )


def notify(
    *,
    kind: str,
    to: str,
    user=None,
    subject: str,
    text: str,
    html: str,
    link: str,
    dedup_key: str,
    send_after: datetime.datetime | None = None,
    attachments=(),
) -> Notification | None:
    """Ask for one email, in the caller's transaction (see the module's docstring); the Notification, or None
    when the user switched this kind off. A key already used returns its row unchanged (no second email), but a
    cancelled one is revived with these contents and this date."""
    spec = _kind(kind)
    if spec.optional and user is not None and NotificationOptOut.objects.filter(user=user, kind=kind).exists():
        return None
    due = send_after is None or send_after <= timezone.now()
    status = Notification.Status.PENDING if due else Notification.Status.SCHEDULED
    fields = {
        "kind": kind,
        "to": to,
        "user": user,
        "subject": subject[:250],
        "text": text,
        "html": html,
        "link": link[:500],
        "attachments": [list(attachment) for attachment in attachments],
        "send_after": send_after,
        "status": status,
        "error": "",
    }
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(dedup_key=dedup_key).first()
        if notification is not None:
            if notification.status != Notification.Status.CANCELLED:
                return notification
            for name, value in fields.items():
                setattr(notification, name, value)
            notification.save(update_fields=list(fields))
        else:
            try:
                with transaction.atomic():
                    notification = Notification.objects.create(dedup_key=dedup_key, **fields)
            except IntegrityError:
                # Asked at the same moment by another transaction, which wrote it first.
                return Notification.objects.get(dedup_key=dedup_key)
        if due:
            _enqueue(notification)
    return notification


def notification_cancel(*, dedup_keys: Iterable[str] = (), prefix: str = "") -> int:
    """Cancel the scheduled (not yet sent) notifications with these keys or this key prefix; how many."""
    keys = list(dedup_keys)
    if not keys and not prefix:
        return 0
    which = Q(dedup_key__in=keys)
    if prefix:
        which |= Q(dedup_key__startswith=prefix)
    return Notification.objects.filter(which, status=Notification.Status.SCHEDULED).update(
        status=Notification.Status.CANCELLED
    )


def notifications_send_due(*, now=None, batch=DUE_BATCH, max_batches=DUE_MAX_BATCHES) -> int:
    """Enqueue the scheduled notifications that are due, in batches, each in its own transaction; how many.

    Run twice (or by two beats at once) it enqueues each one once: a row leaves "scheduled" in the transaction
    that writes its job, and rows another run holds are skipped."""
    now = now or timezone.now()
    total = 0
    for _batch in range(max_batches):
        with transaction.atomic():
            due = list(
                Notification.objects.select_for_update(skip_locked=True)
                .filter(status=Notification.Status.SCHEDULED, send_after__lte=now)
                .order_by("send_after", "pk")[:batch]
            )
            if not due:
                break
            Notification.objects.filter(pk__in=[row.pk for row in due]).update(status=Notification.Status.PENDING)
            for notification in due:
                _enqueue(notification)
        total += len(due)
        if len(due) < batch:
            break
    return total


# Preferences: the kinds a user receives.


def notification_preferences(user) -> list[tuple[Kind, bool]]:
    """Each declared kind with whether the user receives it (mandatory kinds always)."""
    switched_off = set(NotificationOptOut.objects.filter(user=user).values_list("kind", flat=True))
    return [(kind, not kind.optional or kind.key not in switched_off) for kind in kinds()]


def notification_preferences_save(*, user, enabled: Iterable[str]) -> None:
    """Keep the optional kinds in `enabled` switched on for the user and switch the others off. A kind no app
    declares, or a mandatory one, is refused (nothing saved)."""
    enabled = set(enabled)
    optional = {kind.key for kind in kinds() if kind.optional}
    unknown = enabled - {kind.key for kind in kinds()}
    if unknown:
        raise ValidationError(
            _("Type de notification inconnu : %(kinds)s.") % {"kinds": ", ".join(sorted(unknown))}, code="unknown"
        )
    off = optional - enabled
    with transaction.atomic():
        NotificationOptOut.objects.filter(user=user).exclude(kind__in=off).delete()
        existing = set(NotificationOptOut.objects.filter(user=user).values_list("kind", flat=True))
        NotificationOptOut.objects.bulk_create(
            [NotificationOptOut(user=user, kind=kind) for kind in sorted(off - existing)], ignore_conflicts=True
        )


# Delivery: the job that sends one notification.


def refusal_reason(error: Exception) -> str | None:
    """Why the mail server refused the address, when it did (a refusal is final: no retry); else None."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        details = [
            f"{code} {message.decode(errors='replace') if isinstance(message, bytes) else message}"
            for code, message in error.recipients.values()
        ]
        return "; ".join(details) or str(error)
    if isinstance(error, smtplib.SMTPDataError) and 500 <= error.smtp_code < 600:
        message = error.smtp_error
        return f"{error.smtp_code} {message.decode(errors='replace') if isinstance(message, bytes) else message}"
    return None


def _erased(kind: str) -> dict:
    spec = _KINDS.get(kind)
    if spec is None or not spec.erase_body:
        return {}
    return {"text": "", "html": "", "link": "", "attachments": []}


@handler(NOTIFICATION_JOB, label=gettext_lazy("Envoi d’une notification"))
def send_notification(job) -> None:
    """Send the job's notification once (its key is the email's), then mark it sent; a refused address marks it
    refused and calls the refusal hooks; another error is retried by the job."""
    notification = Notification.objects.filter(pk=job.payload["notification"]).first()
    if notification is None or notification.status in (
        Notification.Status.SENT,
        Notification.Status.REFUSED,
        Notification.Status.CANCELLED,
    ):
        return
    try:
        send_email_once(
            dedup_key=notification.dedup_key,
            to=notification.to,
            subject=notification.subject,
            text=notification.text,
            html=notification.html or None,
            attachments=[tuple(attachment) for attachment in notification.attachments],
        )
    except Exception as error:
        reason = refusal_reason(error)
        if reason is None:
            Notification.objects.filter(pk=notification.pk).update(
                status=Notification.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
            )
            raise
        _refuse(notification, reason, **_erased(notification.kind))
        return
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), error="", **_erased(notification.kind)
    )


def notification_bounce(*, to: str, reason: str) -> Notification | None:
    """A bounce that came back after the mail server accepted the message (the delivery status notification a mail
    system reads, then reports with `manage.py record_bounce`): the latest notification sent to `to` becomes
    refused and the refusal hooks run, as for an address refused at once. None when nothing was sent there."""
    reason = reason.strip() or _("Adresse signalée en échec de distribution.")
    notification = (
        Notification.objects.filter(to__iexact=to.strip(), status=Notification.Status.SENT)
        .order_by("-sent_at", "-pk")
        .first()
    )
    if notification is None:
        return None
    _refuse(notification, reason)
    return notification


def _refuse(notification: Notification, reason: str, **fields) -> None:
    """Mark the notification refused with the mail server's reason (never sent again), then call the refusal
    hooks (fabrique records the refusal on the user)."""
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.REFUSED, error=reason[:2000], **fields
    )
    notification.refresh_from_db()
    for hook in _REFUSAL_HOOKS:
        hook(notification, reason)
