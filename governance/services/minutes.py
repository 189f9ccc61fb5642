"""Writes of minutes: drafted from the agenda, edited, then approved (status minutes_approved), after which
they and the meeting's decisions are frozen."""

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.versioning import update_versioned

from ..models import Meeting
from ..notifications.events import minutes_approved_notify
from ..selectors.minutes import minutes_from_agenda

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


def _check_may_write(by):
    if not by.has_perm("governance.manage_meeting"):
        raise PermissionDenied


def _check_writable(meeting: Meeting):
    """Minutes are written for a convened or held meeting, until approved."""
    stored = Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("status", flat=True).first()
    if stored == Meeting.Status.MINUTES_APPROVED:
        raise ValidationError(
            _("Le compte rendu de cette séance est approuvé : il ne change plus."), code="minutes_approved"
        )
    if stored == Meeting.Status.PLANNED:
        raise ValidationError(
            _("La séance n’est pas encore convoquée : son compte rendu s’écrit une fois la séance convoquée ou tenue."),
            code="meeting_planned",
        )


def _stored_minutes(meeting: Meeting) -> str:
    return Meeting.objects.filter(pk=meeting.pk).values_list("minutes", flat=True).first() or ""


def minutes_draft(
    *, meeting: Meeting, by: "AbstractUser", expected_version: int | None, replace: bool = False
) -> Meeting:
    """Write the minutes' draft from the agenda (minutes_from_agenda). Minutes already written are replaced only
    when `replace` confirms it."""
    _check_may_write(by)
    with transaction.atomic():
        _check_writable(meeting)
        if _stored_minutes(meeting).strip() and not replace:
            raise ValidationError(
                {
                    "replace": _(
                        "Le compte rendu contient déjà du texte : cochez la case pour le remplacer par le brouillon "
                        "tiré de l’ordre du jour."
                    )
                },
                code="minutes_not_empty",
            )
        text = minutes_from_agenda(meeting)
        return update_versioned(meeting, by=by, expected_version=expected_version, fields={"minutes": text})


def minutes_update(*, meeting: Meeting, by: "AbstractUser", expected_version: int | None, minutes: str) -> Meeting:
    """Save the minutes' text (Markdown), until approved."""
    _check_may_write(by)
    with transaction.atomic():
        _check_writable(meeting)
        return update_versioned(
            meeting, by=by, expected_version=expected_version, fields={"minutes": (minutes or "").strip()}
        )


def minutes_approve(*, meeting: Meeting, by: "AbstractUser", expected_version: int | None) -> Meeting:
    """Approve the minutes of a held meeting: the meeting goes to « compte rendu approuvé », and its minutes and
    decisions no longer change (an amendment is a new decision)."""
    _check_may_write(by)
    with transaction.atomic():
        stored = Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("status", "minutes").first()
        status, minutes = stored or (None, "")
        if status == Meeting.Status.MINUTES_APPROVED:
            raise ValidationError(_("Ce compte rendu est déjà approuvé."), code="minutes_approved")
        if status != Meeting.Status.HELD:
            raise ValidationError(
                _("Seul le compte rendu d’une séance tenue s’approuve : indiquez d’abord que la séance s’est tenue."),
                code="meeting_not_held",
            )
        if not (minutes or "").strip():
            raise ValidationError(
                _("Le compte rendu est vide : rédigez-le avant de l’approuver."), code="minutes_empty"
            )
        meeting = update_versioned(
            meeting,
            by=by,
            expected_version=expected_version,
            fields={
                "status": Meeting.Status.MINUTES_APPROVED,
                "minutes": minutes,
                "minutes_approved_at": timezone.now(),
                "minutes_approved_by": by,
            },
        )
        minutes_approved_notify(meeting=meeting)
    return meeting
