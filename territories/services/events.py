"""Writes of animation events: record and edit, checked against the territory the user may edit."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import AnimationEvent


def _check_needs(territory, needs):
    for need in needs:
        if need.territory_id != territory.pk:
            raise ValidationError(
                {
                    "needs": _("Le besoin « %(need)s » relève d'un autre territoire que celui de l'action.")
                    % {"need": need}
                }
            )


def event_create(
    *,
    recorded_by,
    territory,
    kind,
    title,
    date,
    participants=0,
    partners_present=(),
    ideas_produced=0,
    needs=(),
    summary="",
):
    """Record an animation event on a territory the user may edit; returns the event."""
    if not recorded_by.has_perm("territories.add_in_territory", territory):
        raise PermissionDenied
    needs = list(needs)
    _check_needs(territory, needs)
    with transaction.atomic():
        event = AnimationEvent.objects.create(
            territory=territory,
            kind=kind,
            title=title,
            date=date,
            participants=participants,
            ideas_produced=ideas_produced,
            summary=summary,
            recorded_by=recorded_by,
        )
        event.partners_present.set(partners_present)
        event.needs.set(needs)
    return event


def event_update(
    *,
    event,
    updated_by,
    territory,
    kind,
    title,
    date,
    participants=0,
    partners_present=(),
    ideas_produced=0,
    needs=(),
    summary="",
):
    """Edit an event; moving it to another territory needs the right to edit that territory too.

    Rights are checked against the stored row: a bound form may already have changed `event` in memory.
    """
    needs = list(needs)
    with transaction.atomic():
        stored = AnimationEvent.objects.select_for_update(of=("self",)).select_related("territory").get(pk=event.pk)
        if not updated_by.has_perm("territories.change_animationevent", stored):
            raise PermissionDenied
        if territory.pk != stored.territory_id and not updated_by.has_perm("territories.add_in_territory", territory):
            raise PermissionDenied
        _check_needs(territory, needs)
        stored.territory = territory
        stored.kind = kind
        stored.title = title
        stored.date = date
        stored.participants = participants
        stored.ideas_produced = ideas_produced
        stored.summary = summary
        stored.save()
        stored.partners_present.set(partners_present)
        stored.needs.set(needs)
    return stored
