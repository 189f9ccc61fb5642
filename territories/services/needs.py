"""Writes of unmet needs and development opportunities: creation, versioned edits, imports."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.versioning import create_versioned, update_versioned
from territories.models import EngagedTerritory, Need, Opportunity
from territories.models.needs import IDEA_STATUSES

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

# The date recorded when a need reaches each status.
STATUS_DATES = {
    Need.Status.QUALIFIED: "qualified_on",
    Need.Status.ADDRESSED: "addressed_on",
    Need.Status.DROPPED: "dropped_on",
}


# The states of a public idea are entered and left through its review alone (services/review.py), which
# records who decided what and why.
IDEA_STATUS_KEPT = _(
    "Une idée à examiner est acceptée ou non retenue depuis sa page « Examiner l’idée » : "
    "laissez ici le statut « à examiner »."
)
DECLINED_STATUS_KEPT = _("Une idée non retenue garde ce statut : elle a déjà été examinée.")
IDEA_STATUS_REFUSED = _("Ce statut est celui des idées de l’appel à idées : choisissez-en un autre.")


def _check_may_add(user, territory: EngagedTerritory):
    if not user.has_perm("territories.add_in_territory", territory):
        raise PermissionDenied


def _territory_kept(record, fields: dict[str, Any]) -> dict[str, Any]:
    """The fields without the territory, refused if it differs: the links of an existing record depend on it."""
    fields = dict(fields)
    territory = fields.pop("territory", None)
    if territory is not None and territory.pk != record.territory_id:
        raise ValidationError({"territory": _("Le territoire d’une fiche existante ne change pas.")})
    return fields


def _dated(fields: dict[str, Any], *, need: Need | None = None) -> dict[str, Any]:
    """The fields with the dates filled: identified today unless told otherwise, and the date of the status reached."""
    fields = dict(fields)
    today = timezone.localdate()

    def current(name):
        return fields[name] if name in fields else getattr(need, name, None)

    if current("identified_on") is None:
        fields["identified_on"] = today
    date_field = STATUS_DATES.get(current("status") or Need.Status.IDENTIFIED)
    if date_field and current(date_field) is None:
        fields[date_field] = today
    return fields


def _check_status_change(stored: str | None, status: str | None):
    """Refuse entering or leaving the states of a public idea other than through its review."""
    if status is None or status == stored:
        return
    if stored == Need.Status.TO_REVIEW:
        raise ValidationError({"status": IDEA_STATUS_KEPT})
    if stored == Need.Status.DECLINED:
        raise ValidationError({"status": DECLINED_STATUS_KEPT})
    if status in IDEA_STATUSES:
        raise ValidationError({"status": IDEA_STATUS_REFUSED})


def need_create(*, by: "AbstractUser", territory: EngagedTerritory, **fields: Any) -> Need:
    """Record a need on a territory the user may edit; returns it. Raises PermissionDenied elsewhere."""
    _check_may_add(by, territory)
    _check_status_change(None, fields.get("status"))
    need = Need(territory=territory, recorded_by=by, **_dated(fields))
    return create_versioned(need, by=by)


def need_update(*, need: Need, by: "AbstractUser", expected_version: int | None, **fields: Any) -> Need:
    """Save an edit of a need opened on `expected_version` (its territory stays).

    Raises ConcurrentEditError if someone saved it since, PermissionDenied outside the user's territories.
    """
    if not by.has_perm("territories.change_need", need):
        raise PermissionDenied
    fields = _dated(_territory_kept(need, fields), need=need)
    with transaction.atomic():
        # The stored status, locked: an edit form has already set the posted one on the instance.
        stored = Need.objects.select_for_update().filter(pk=need.pk).values_list("status", flat=True).first()
        _check_status_change(stored, fields.get("status"))
        return update_versioned(need, by=by, expected_version=expected_version, fields=fields)


def _check_needs_of_territory(territory: EngagedTerritory, needs: list[Need]):
    foreign = [need for need in needs if need.territory_id != territory.pk]
    if foreign:
        raise ValidationError(
            {
                "needs": _(
                    "Une opportunité ne peut viser que des besoins de son territoire : « %(title)s » n’en est pas."
                )
                % {"title": foreign[0].title}
            }
        )


def opportunity_create(
    *, by: "AbstractUser", territory: EngagedTerritory, needs: Iterable[Need] = (), **fields: Any
) -> Opportunity:
    """Record an opportunity and the needs it answers (all of its own territory); returns it."""
    _check_may_add(by, territory)
    needs = list(needs)
    _check_needs_of_territory(territory, needs)
    opportunity = Opportunity(territory=territory, recorded_by=by, **fields)
    return create_versioned(opportunity, by=by, m2m={"needs": needs})


def opportunity_update(
    *,
    opportunity: Opportunity,
    by: "AbstractUser",
    expected_version: int | None,
    needs: Iterable[Need] = (),
    **fields: Any,
) -> Opportunity:
    """Save an edit of an opportunity opened on `expected_version` and set the needs it answers (its territory
    stays). Raises ConcurrentEditError if someone saved it since."""
    if not by.has_perm("territories.change_opportunity", opportunity):
        raise PermissionDenied
    fields = _territory_kept(opportunity, fields)
    needs = list(needs)
    _check_needs_of_territory(opportunity.territory, needs)
    return update_versioned(opportunity, by=by, expected_version=expected_version, fields=fields, m2m={"needs": needs})


def needs_import(*, rows: Iterable[dict], by: "AbstractUser") -> list[Need]:
    """Save every validated row of an import as a new need, all or nothing."""
    with transaction.atomic():
        return [need_create(by=by, **row) for row in rows]
