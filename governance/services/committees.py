"""Writes of committees and their members: creation and versioned edits, each seat checked."""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from core.dates import short_date
from core.versioning import create_versioned, update_versioned

from ..models import Committee, CommitteeMember

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

MANAGE = "governance.manage_committees"


def _check_may_manage(user):
    # None is the platform itself (seed_demo); a request always has a user.
    if user is not None and not user.has_perm(MANAGE):
        raise PermissionDenied


def committee_create(*, by: "AbstractUser", **fields: Any) -> Committee:
    """Create a committee (coordinators alone); returns it."""
    _check_may_manage(by)
    return create_versioned(Committee(**fields), by=by)


def committee_update(*, committee: Committee, by: "AbstractUser", expected_version: int | None, **fields: Any):
    """Save an edit of a committee opened on `expected_version`. Raises ConcurrentEditError if someone saved
    it since."""
    _check_may_manage(by)
    return update_versioned(committee, by=by, expected_version=expected_version, fields=fields)


def member_check(*, committee: Committee, values: dict[str, Any], member: CommitteeMember | None = None):
    """Refuse a seat that is neither a platform user nor a named representative of an organisation (or both),
    that ends before it starts, or that seats a user twice in the committee at overlapping dates.

    `values` are the seat's fields (user, actor, representative_name, representative_email, start_on,
    end_on); the form calls this too, so that its messages show with the other fields' at once.
    Raises ValidationError naming the fields.
    """
    user = values.get("user")
    name = (values.get("representative_name") or "").strip()
    email = (values.get("representative_email") or "").strip()
    errors = {}
    if user is None and not name:
        errors["user"] = _(
            "Choisissez un·e utilisateur·rice de la plateforme, ou donnez le nom du ou de la représentant·e "
            "d’une organisation."
        )
    elif user is not None and (name or email):
        errors["representative_name"] = _(
            "Choisissez soit un·e utilisateur·rice de la plateforme, soit un·e représentant·e sans compte, "
            "pas les deux : effacez le nom et l’e-mail du ou de la représentant·e."
        )
    elif user is None and values.get("actor") is None:
        errors["actor"] = _("Choisissez l’organisation que représente cette personne.")
    start_on, end_on = values.get("start_on"), values.get("end_on")
    if start_on and end_on and end_on < start_on:
        errors["end_on"] = _("La fin du mandat ne peut pas précéder son début (%(start)s).") % {
            "start": short_date(start_on)
        }
    if not errors and user is not None and start_on:
        seats = CommitteeMember.objects.filter(committee=committee, user=user).filter(
            Q(end_on__isnull=True) | Q(end_on__gte=start_on)
        )
        if end_on is not None:
            seats = seats.filter(start_on__lte=end_on)
        if member is not None and member.pk is not None:
            seats = seats.exclude(pk=member.pk)
        seat = seats.only("start_on", "end_on").order_by("start_on").first()
        if seat is not None:
            errors["user"] = _(
                "Cette personne siège déjà dans ce comité à ces dates (depuis le %(start)s) : modifiez ce mandat, "
                "ou choisissez des dates qui ne le chevauchent pas."
            ) % {"start": short_date(seat.start_on)}
    if errors:
        raise ValidationError(errors)


def _seat_values(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields with a user's seat bound to the user's organisation unless another was chosen."""
    fields = dict(fields)
    user = fields.get("user")
    if user is not None and fields.get("actor") is None:
        fields["actor"] = user.organisation
    return fields


def member_create(*, committee: Committee, by: "AbstractUser", **fields: Any) -> CommitteeMember:
    """Seat a member on a committee (a platform user, or a named representative of an organisation)."""
    _check_may_manage(by)
    fields = _seat_values(fields)
    member_check(committee=committee, values=fields)
    return create_versioned(CommitteeMember(committee=committee, **fields), by=by)


def member_update(
    *, member: CommitteeMember, by: "AbstractUser", expected_version: int | None, **fields: Any
) -> CommitteeMember:
    """Save an edit of a seat opened on `expected_version` (its position, its dates: ending a seat is an
    edit with its end date). Raises ConcurrentEditError if someone saved it since."""
    _check_may_manage(by)
    fields = _seat_values(fields)
    current = {
        name: fields.get(name, getattr(member, name))
        for name in ("user", "actor", "representative_name", "representative_email", "start_on", "end_on")
    }
    member_check(committee=member.committee, values=current, member=member)
    return update_versioned(member, by=by, expected_version=expected_version, fields=fields)
