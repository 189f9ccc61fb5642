"""Writes about engaged territories: save a territory with its perimeter, record a readiness assessment."""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.slugs import unique_slug
from core.versioning import create_versioned, update_versioned

from ..models import EngagedTerritory, ReadinessAssessment
from ..selectors.engaged import perimeter_resolve, perimeter_totals

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

Status = EngagedTerritory.Status

# Moving to a status fills its date with today when the user left it empty.
STATUS_DATES = {
    Status.ENGAGED: "selection_date",
    Status.ACTIVE: "launch_date",
    Status.CLOSED: "closing_date",
}
# Path segments of the URLs under /territoires/ that a territory's slug would shadow or be shadowed by.
RESERVED_SLUGS = {"nouveau", "experimentation", "perimetre"}


def unknown_codes_message(codes):
    return _(
        "Codes inconnus dans les données officielles : %(codes)s. Un EPCI se désigne par son SIREN "
        "(9 chiffres), une commune par son code INSEE (5 caractères, par exemple 60463 ou 2A004)."
    ) % {"codes": ", ".join(codes)}


def _territory_fields(territory, *, perimeter_codes, fields, today):
    """The values to save: the given fields, the status dates filled, population and commune count computed
    from the official data; and the perimeter's links. Raises ValidationError on an unknown code."""
    perimeter = perimeter_resolve(list(perimeter_codes))
    if perimeter.unknown:
        raise ValidationError({"perimeter": unknown_codes_message(perimeter.unknown)})
    values = {**fields, "name": fields["name"].strip()}
    previous_status = territory.status if territory.pk else None
    status = values["status"]
    date_field = STATUS_DATES.get(status)
    if status != previous_status and date_field and values.get(date_field, getattr(territory, date_field)) is None:
        values[date_field] = today or timezone.localdate()
    epci_ids = [epci.pk for epci in perimeter.epcis]
    commune_ids = [commune.pk for commune in perimeter.communes]
    values["population"], values["commune_count"] = perimeter_totals(epci_ids, commune_ids)
    return values, {"epcis": epci_ids, "communes": commune_ids}


def _check_may(user, perm, territory=None):
    # None is the platform itself (seed_demo runs before any account exists); a request always has a user.
    if user is not None and not user.has_perm(perm, territory):
        raise PermissionDenied


def territory_create(
    *,
    by: "AbstractUser | None",
    perimeter_codes: Iterable[str],
    name: str,
    status: str = Status.CANDIDATE,
    today: datetime.date | None = None,
    **fields: Any,
) -> EngagedTerritory:
    """Create a territory with its perimeter, a list of official codes (EPCI SIREN, commune INSEE code).

    Population and commune count are computed from the official data; the slug comes from the name and
    stays when the territory is renamed. The model's validation runs here, so an active territory without
    driving authority or referent actor is refused whoever calls. Raises ValidationError; nothing is saved then.
    """
    _check_may(by, "territories.add_territory")
    territory = EngagedTerritory()
    with transaction.atomic():
        values, m2m = _territory_fields(
            territory, perimeter_codes=perimeter_codes, fields={"name": name, "status": status, **fields}, today=today
        )
        for field, value in values.items():
            setattr(territory, field, value)
        territory.slug = unique_slug(EngagedTerritory, territory.name, fallback="territoire", reserved=RESERVED_SLUGS)
        return create_versioned(territory, by=by, m2m=m2m)


def territory_update(
    *,
    territory: EngagedTerritory,
    by: "AbstractUser | None",
    expected_version: int | None,
    perimeter_codes: Iterable[str],
    name: str,
    status: str,
    today: datetime.date | None = None,
    **fields: Any,
) -> EngagedTerritory:
    """Save an edit of a territory and its perimeter opened on `expected_version`, as territory_create does.

    Raises ConcurrentEditError when someone saved the territory since, another ValidationError on bad
    input; nothing is saved then.
    """
    _check_may(by, "territories.change_territory", territory)
    with transaction.atomic():
        values, m2m = _territory_fields(
            territory, perimeter_codes=perimeter_codes, fields={"name": name, "status": status, **fields}, today=today
        )
        return update_versioned(territory, by=by, expected_version=expected_version, fields=values, m2m=m2m)


def readiness_record(*, territory, assessed_by, scores):
    """Record a new assessment: one kept row per prerequisite scored, all at the same moment.

    `scores` maps a prerequisite to (score 0–3, evidence). Earlier assessments are never changed.
    """
    if not scores:
        raise ValidationError(_("Notez au moins un prérequis."))
    now = timezone.now()
    rows = []
    with transaction.atomic():
        for prerequisite, (score, evidence) in sorted(scores.items()):
            row = ReadinessAssessment(
                territory=territory,
                prerequisite=prerequisite,
                score=score,
                evidence=(evidence or "").strip(),
                assessed_by=assessed_by,
                assessed_at=now,
            )
            row.full_clean()
            row.save()
            rows.append(row)
    return rows
