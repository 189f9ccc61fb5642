"""Reads of the notification pages: a user's own notifications; every notification and the refused addresses,
for coordinators."""

from django.db.models import Case, F, IntegerField, Q, Value, When

from core.models import Notification
from core.rules import is_coordinator

from ..models import User

# What the lists show: never the bodies of the emails.
LIST_COLUMNS = ("pk", "kind", "subject", "status", "link", "to", "created_at", "sent_at", "send_after", "error")


def notifications_received(user):
    """The notifications sent (or on their way) to the user, latest first; cancelled ones are not."""
    return (
        Notification.objects.filter(user=user)
        .exclude(status=Notification.Status.CANCELLED)
        .only(*LIST_COLUMNS)
        .order_by("-created_at", "-id")
    )


UPCOMING_FIRST = Case(
    When(status=Notification.Status.SCHEDULED, then=Value(0)), default=Value(1), output_field=IntegerField()
)
SCHEDULED_AT = Case(When(status=Notification.Status.SCHEDULED, then=F("send_after")), default=None)


def notification_sendings(*, viewer, person: str = "", kind: str = "", when: str = ""):
    """Every notification, for coordinators alone: the upcoming (scheduled) ones first, soonest first, then the
    past ones, latest first; `person` matches the address or the user's name or address, `when` is "upcoming"
    or "past"."""
    if not is_coordinator(viewer):
        return Notification.objects.none()
    rows = Notification.objects.select_related("user").only(
        *LIST_COLUMNS, "user__email", "user__first_name", "user__last_name"
    )
    if person:
        rows = rows.filter(
            Q(to__icontains=person)
            | Q(user__email__icontains=person)
            | Q(user__first_name__icontains=person)
            | Q(user__last_name__icontains=person)
        )
    if kind:
        rows = rows.filter(kind=kind)
    if when == "upcoming":
        rows = rows.filter(status=Notification.Status.SCHEDULED)
    elif when == "past":
        rows = rows.exclude(status=Notification.Status.SCHEDULED)
    return rows.annotate(upcoming=UPCOMING_FIRST, due_at=SCHEDULED_AT).order_by(
        "upcoming", F("due_at").asc(nulls_last=True), "-created_at", "-id"
    )


def refused_addresses(*, viewer):
    """The users whose address the mail server refused, latest refusal first (coordinators alone)."""
    if not is_coordinator(viewer):
        return User.objects.none()
    return User.objects.filter(email_refused_at__isnull=False).order_by("-email_refused_at", "pk")
