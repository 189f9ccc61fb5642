"""The review of a public idea: its text edited, then accepted as an identified need or declined, with a reason."""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.versioning import update_versioned
from territories.models import Need

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

# The fields a reviewer may change besides the decision: what the idea says, and how it is classified.
EDITABLE_FIELDS = ("title", "description", "sector", "priority")


def already_reviewed_message(need: Need) -> str:
    """Why an idea cannot be reviewed (again): it was reviewed, or it never waited for a review."""
    if need.reviewed_at is None:
        return _("« %(title)s » n’attend pas d’examen : c’est déjà un besoin du territoire.") % {"title": need.title}
    return _("Cette idée a déjà été examinée (« %(decision)s », le %(date)s) : elle ne s’examine qu’une fois.") % {
        "decision": need.get_review_decision_display(),
        "date": formats.date_format(timezone.localtime(need.reviewed_at), "SHORT_DATE_FORMAT"),
    }


def need_review(
    *,
    need: Need,
    by: "AbstractUser",
    expected_version: int | None,
    decision: str,
    reason: str = "",
    **fields: Any,
) -> Need:
    """Record the review of a public idea opened on `expected_version`: the reviewer's edits of its title,
    text, sector and priority (`fields`), then `decision` (Need.ReviewDecision) with its reason, required to
    decline it. Accepted, it becomes an identified need (its date of identification kept) that partners read;
    declined, it stays with its reviewers (coordinators and the territory's referents).

    Raises PermissionDenied to anyone else, ValidationError when it does not wait for review (reviewed
    already, or never an idea) or the reason of a decline is missing, ConcurrentEditError if someone saved
    it since. Nothing is saved then.
    """
    if not by.has_perm("territories.review_need", need):
        raise PermissionDenied
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"need_review() takes no field {', '.join(sorted(unknown))}")
    if decision not in Need.ReviewDecision.values:
        raise ValidationError({"decision": _("Choisissez d’accepter l’idée ou de ne pas la retenir.")})
    reason = (reason or "").strip()
    if decision == Need.ReviewDecision.DECLINED and not reason:
        raise ValidationError({"review_reason": _("Indiquez pourquoi l’idée n’est pas retenue.")})
    status = Need.Status.IDENTIFIED if decision == Need.ReviewDecision.ACCEPTED else Need.Status.DECLINED
    changes = {
        **fields,
        "status": status,
        "review_decision": decision,
        "review_reason": reason,
        "reviewed_by": by,
        "reviewed_at": timezone.now(),
    }
    with transaction.atomic():
        # Read again under a lock: two reviewers answering at once, only the first decides.
        stored = Need.objects.select_for_update().filter(pk=need.pk).first()
        if stored is not None and stored.status != Need.Status.TO_REVIEW:
            raise ValidationError(already_reviewed_message(stored))
        return update_versioned(need, by=by, expected_version=expected_version, fields=changes)


def need_accept(*, need: Need, by: "AbstractUser", expected_version: int | None, reason: str = "", **fields) -> Need:
    """Accept a public idea as an identified need (see need_review)."""
    return need_review(
        need=need,
        by=by,
        expected_version=expected_version,
        decision=Need.ReviewDecision.ACCEPTED,
        reason=reason,
        **fields,
    )


def need_decline(*, need: Need, by: "AbstractUser", expected_version: int | None, reason: str, **fields) -> Need:
    """Decline a public idea, with the reason (see need_review)."""
    return need_review(
        need=need,
        by=by,
        expected_version=expected_version,
        decision=Need.ReviewDecision.DECLINED,
        reason=reason,
        **fields,
    )
