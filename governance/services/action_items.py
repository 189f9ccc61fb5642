"""Writes of the action items raised in a meeting: what, who, by when, and when it was done."""

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.versioning import check_editable, create_versioned, update_versioned

from ..models import ActionItem, Meeting
from .meetings import check_may_manage, check_not_frozen

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

EDITABLE_FIELDS = frozenset({"agenda_item", "description", "owner", "owner_name", "due_on", "done_on"})
# Once the minutes are approved, what was decided stays; who follows it up, by when and when it was done change.
FOLLOW_UP_FIELDS = frozenset({"owner", "owner_name", "due_on", "done_on"})
OWNER_MISSING = _("Indiquez le ou la responsable : une personne de la liste ou un nom.")
OTHER_MEETING = _("Choisissez un point de l’ordre du jour de cette séance.")
TOO_EARLY = _("Une action se décide en séance : convoquez la séance avant d’en ajouter.")
ALREADY_DONE = _("Cette action est déjà faite.")
DONE_IN_FUTURE = _("Une action ne peut pas être faite à une date à venir.")


def _check_action_item(item: ActionItem):
    item.owner_name = (item.owner_name or "").strip()
    errors = {}
    if item.owner_id is None and not item.owner_name:
        errors["owner"] = OWNER_MISSING
    if item.agenda_item_id is not None and item.agenda_item.meeting_id != item.meeting_id:
        errors["agenda_item"] = OTHER_MEETING
    if item.done_on is not None and item.done_on > timezone.localdate():
        errors["done_on"] = DONE_IN_FUTURE
    if errors:
        raise ValidationError(errors)


def action_item_create(*, meeting: Meeting, by: "AbstractUser", **fields: Any) -> ActionItem:
    """Record an action raised in a convened or held meeting. Raises PermissionDenied, or ValidationError."""
    check_may_manage(by, meeting)
    check_editable(fields, EDITABLE_FIELDS)
    check_not_frozen(meeting)
    if meeting.status == Meeting.Status.PLANNED:
        raise ValidationError(TOO_EARLY, code="too_early")
    item = ActionItem(meeting=meeting, **fields)
    _check_action_item(item)
    return create_versioned(item, by=by)


def action_item_update(
    *, action_item: ActionItem, by: "AbstractUser", expected_version: int | None, **fields: Any
) -> ActionItem:
    """Edit an action; once the meeting's minutes are approved only its owner, due date and done date change."""
    meeting = action_item.meeting
    check_may_manage(by, meeting)
    check_editable(fields, EDITABLE_FIELDS)
    if meeting.is_frozen:
        changed = {name for name, value in fields.items() if getattr(action_item, name) != value}
        if changed - FOLLOW_UP_FIELDS:
            check_not_frozen(meeting)
    for name, value in fields.items():
        setattr(action_item, name, value)
    _check_action_item(action_item)
    fields["owner_name"] = action_item.owner_name
    return update_versioned(action_item, by=by, expected_version=expected_version, fields=fields)


def action_item_mark_done(
    *, action_item: ActionItem, by: "AbstractUser", expected_version: int | None, done_on: datetime.date | None = None
) -> ActionItem:
    """Mark the action done (today unless told), also after the minutes are approved."""
    check_may_manage(by, action_item.meeting)
    if action_item.is_done:
        raise ValidationError(ALREADY_DONE, code="done")
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": DONE_IN_FUTURE})
    return update_versioned(action_item, by=by, expected_version=expected_version, fields={"done_on": done_on})
