"""Writes of sectors (filières): coordinators add and rename them."""

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from core.slugs import unique_slug
from core.versioning import create_versioned, update_versioned

from ..models import Sector

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


def _check_may_manage(user):
    if not user.has_perm("territories.manage_sectors"):
        raise PermissionDenied


def sector_create(*, by: "AbstractUser", name: str, description: str = "", is_active: bool = True) -> Sector:
    """Create a sector; its slug comes from its name and stays as it is when the sector is renamed."""
    _check_may_manage(by)
    sector = Sector(name=name, description=description, is_active=is_active, slug=unique_slug(Sector, name))
    return create_versioned(sector, by=by)


def sector_update(
    *, sector: Sector, by: "AbstractUser", expected_version: int | None, name: str, description: str, is_active: bool
) -> Sector:
    """Save an edit of a sector opened on `expected_version`; raises ConcurrentEditError if someone saved since."""
    _check_may_manage(by)
    fields = {"name": name, "description": description, "is_active": is_active}
    return update_versioned(sector, by=by, expected_version=expected_version, fields=fields)
