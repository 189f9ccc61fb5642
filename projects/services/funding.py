"""Writes of a project's funding lines: creation and versioned edits, with their history."""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from core.versioning import create_versioned, update_versioned

from ..models import FundingLine, Project
from ..selectors.follow_up import GRANTED_STATUSES

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

NOT_EDITABLE = frozenset({"project", "recorded_by", "version"})

GRANTED_AMOUNT_MISSING = _("Indiquez le montant accordé : la ligne est « accordé » ou « versé ».")
GRANTED_AMOUNT_TOO_EARLY = _(
    "Un montant accordé ne va qu’avec le statut « accordé » ou « versé » : changez le statut ou videz ce montant."
)


def _check_amounts(status: str, amount_granted):
    if status in GRANTED_STATUSES and amount_granted is None:
        raise ValidationError({"amount_granted": GRANTED_AMOUNT_MISSING})
    if status not in GRANTED_STATUSES and amount_granted is not None:
        raise ValidationError({"amount_granted": GRANTED_AMOUNT_TOO_EARLY})


def _check_fields(fields: dict[str, Any]):
    refused = NOT_EDITABLE & set(fields)
    if refused:
        raise ValueError(f"not set by an edit: {sorted(refused)}")


def funding_line_create(*, by: "AbstractUser", project: Project, **fields: Any) -> FundingLine:
    """Record a funding line of the project (any actor of the directory as funder). Raises PermissionDenied,
    or ValidationError on bad input (a negative amount, an amount granted without the status to go with it)."""
    if not by.has_perm("projects.change_project", project):
        raise PermissionDenied
    _check_fields(fields)
    line = FundingLine(project=project, recorded_by=by, **fields)
    _check_amounts(line.status, line.amount_granted)
    return create_versioned(line, by=by)


def funding_line_update(
    *, funding_line: FundingLine, by: "AbstractUser", expected_version: int | None, **fields: Any
) -> FundingLine:
    """Save an edit of a funding line opened on `expected_version` (its project stays).

    Raises ConcurrentEditError if someone saved it since, PermissionDenied outside the user's territories.
    """
    if not by.has_perm("projects.change_project", funding_line.project):
        raise PermissionDenied
    _check_fields(fields)
    status = fields.get("status", funding_line.status)
    _check_amounts(status, fields.get("amount_granted", funding_line.amount_granted))
    return update_versioned(funding_line, by=by, expected_version=expected_version, fields=fields)
