"""Writes of the yearly targets: creation and versioned edits, one target per year, territory and indicator."""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from core.versioning import create_versioned, update_versioned

from ..models import Target

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

MANAGE = "governance.manage_targets"


def _check_may_manage(user):
    # None is the platform itself (seed_demo); a request always has a user.
    if user is not None and not user.has_perm(MANAGE):
        raise PermissionDenied


def target_check_unique(*, year, territory, indicator, target: Target | None = None):
    """Refuse a second target for the same year, territory (or the region) and indicator, in French (the form
    calls this too, so that the message shows on the indicator's field)."""
    if year is None or not indicator:
        return
    others = Target.objects.filter(year=year, territory=territory, indicator=indicator)
    if target is not None and target.pk is not None:
        others = others.exclude(pk=target.pk)
    if others.exists():
        scope = territory.name if territory is not None else _("la région")
        raise ValidationError(
            {
                "indicator": _(
                    "Un objectif « %(indicator)s » existe déjà pour %(scope)s en %(year)s : modifiez-le plutôt "
                    "que d’en créer un second."
                )
                % {"indicator": dict(Target.indicator.field.flatchoices)[indicator], "scope": scope, "year": year}
            }
        )


def target_create(*, by: "AbstractUser", **fields: Any) -> Target:
    """Set a yearly target (coordinators alone); returns it."""
    _check_may_manage(by)
    target_check_unique(year=fields.get("year"), territory=fields.get("territory"), indicator=fields.get("indicator"))
    return create_versioned(Target(**fields), by=by)


def target_update(*, target: Target, by: "AbstractUser", expected_version: int | None, **fields: Any) -> Target:
    """Save an edit of a target opened on `expected_version`. Raises ConcurrentEditError if someone saved it
    since."""
    _check_may_manage(by)
    values = {name: fields.get(name, getattr(target, name)) for name in ("year", "territory", "indicator")}
    target_check_unique(**values, target=target)
    return update_versioned(target, by=by, expected_version=expected_version, fields=fields)
