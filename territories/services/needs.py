"""Writes of unmet needs and development opportunities: creation, versioned edits, imports."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.versioning import save_versioned
from territories.models import Need

# The date recorded when a need reaches each status.
STATUS_DATES = {
    Need.Status.QUALIFIED: "qualified_on",
    Need.Status.ADDRESSED: "addressed_on",
    Need.Status.DROPPED: "dropped_on",
}


def _check_may_write(user, obj, change_perm):
    perm = "territories.add_in_territory" if obj.pk is None else change_perm
    target = obj.territory if obj.pk is None else obj
    if not user.has_perm(perm, target):
        raise PermissionDenied


def need_save(*, need, user, expected_version=None):
    """Create `need` (recorded by `user`) or save its edit if nobody saved it in between.

    Fills the dates: identified today unless told otherwise, and the date of the status reached.
    Raises ConcurrentEditError on a concurrent edit, PermissionDenied outside the user's territories.
    """
    _check_may_write(user, need, "territories.change_need")
    today = timezone.localdate()
    if need.identified_on is None:
        need.identified_on = today
    date_field = STATUS_DATES.get(need.status)
    if date_field and getattr(need, date_field) is None:
        setattr(need, date_field, today)
    if need.pk is None:
        need.recorded_by = user
    with transaction.atomic():
        save_versioned(need, expected_version=expected_version)
    return need


def opportunity_save(*, opportunity, needs, user, expected_version=None):
    """Create or edit an opportunity and set the needs it answers (all of its own territory)."""
    _check_may_write(user, opportunity, "territories.change_opportunity")
    foreign = [need for need in needs if need.territory_id != opportunity.territory_id]
    if foreign:
        raise ValidationError(
            {
                "needs": _(
                    "Une opportunité ne peut viser que des besoins de son territoire : « %(title)s » n'en est pas."
                )
                % {"title": foreign[0].title}
            }
        )
    if opportunity.pk is None:
        opportunity.recorded_by = user
    with transaction.atomic():
        save_versioned(opportunity, expected_version=expected_version)
        opportunity.needs.set(needs)
    return opportunity


def needs_import(*, rows, imported_by):
    """Save every validated row of an import as a new need, all or nothing."""
    with transaction.atomic():
        return [need_save(need=Need(**row), user=imported_by) for row in rows]
