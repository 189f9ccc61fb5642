"""Writes of animation events: record and edit, checked against the territory the user may edit."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from core.versioning import create_versioned, update_versioned

from ..models import Actor, AnimationEvent, EngagedTerritory, Need

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


def _check_needs(territory, needs):
    for need in needs:
        if need.territory_id != territory.pk:
            raise ValidationError(
                {
                    "needs": _("Le besoin « %(need)s » relève d’un autre territoire que celui de l’action.")
                    % {"need": need}
                }
            )


def event_create(
    *,
    by: "AbstractUser",
    territory: EngagedTerritory,
    partners_present: Iterable[Actor] = (),
    needs: Iterable[Need] = (),
    **fields: Any,
) -> AnimationEvent:
    """Record an animation event on a territory the user may edit; returns the event. `fields` are the event's
    own: kind, title, date, participants, ideas_produced, summary."""
    if not by.has_perm("territories.add_in_territory", territory):
        raise PermissionDenied
    needs = list(needs)
    _check_needs(territory, needs)
    event = AnimationEvent(territory=territory, recorded_by=by, **fields)
    return create_versioned(event, by=by, m2m={"partners_present": list(partners_present), "needs": needs})


def event_update(
    *,
    event: AnimationEvent,
    by: "AbstractUser",
    expected_version: int | None,
    territory: EngagedTerritory,
    partners_present: Iterable[Actor] = (),
    needs: Iterable[Need] = (),
    **fields: Any,
) -> AnimationEvent:
    """Save an edit of an event opened on `expected_version`; moving it to another territory needs the right
    to edit that territory too. Raises ConcurrentEditError if someone saved the event since.

    Rights are checked against the stored row: a bound form may already have changed `event` in memory.
    """
    stored = AnimationEvent.objects.select_related("territory").get(pk=event.pk)
    if not by.has_perm("territories.change_animationevent", stored):
        raise PermissionDenied
    if territory.pk != stored.territory_id and not by.has_perm("territories.add_in_territory", territory):
        raise PermissionDenied
    needs = list(needs)
    _check_needs(territory, needs)
    return update_versioned(
        stored,
        by=by,
        expected_version=expected_version,
        fields={"territory": territory, **fields},
        m2m={"partners_present": list(partners_present), "needs": needs},
    )
