"""Writes about engaged territories: save a territory with its perimeter, record a readiness assessment."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.versioning import save_versioned

from ..models import EngagedTerritory, ReadinessAssessment
from ..selectors.engaged import perimeter_resolve, perimeter_totals

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
        "Codes inconnus dans les données officielles : %(codes)s. Un EPCI se désigne par son SIREN "
        "(9 chiffres), une commune par son code INSEE (5 caractères, par exemple 60463 ou 2A004)."
    ) % {"codes": ", ".join(codes)}


def _unique_slug(name, exclude_pk=None):
    base = slugify(name)[:190] or "territoire"
    taken = set(
        EngagedTerritory.objects.exclude(pk=exclude_pk).filter(slug__startswith=base).values_list("slug", flat=True)
    )
    taken |= RESERVED_SLUGS
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def territory_save(
    *,
    territory,
    perimeter_codes,
    expected_version,
    name,
    status,
    driving_authority=None,
    referent_actor=None,
    application_date=None,
    selection_date=None,
    launch_date=None,
    agreement_signed_date=None,
    closing_date=None,
    description="",
    today=None,
):
    """Create (`territory` unsaved) or edit a territory and its perimeter; returns the territory.

    The perimeter is a list of official codes (EPCI SIREN, commune INSEE code); population and commune
    count are computed from the official data. The model's validation runs here, so an active territory
    without driving authority or referent actor is refused whoever calls. Raises ValidationError (a
    ConcurrentEditError when someone saved the territory since `expected_version`); nothing is saved then.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        perimeter = perimeter_resolve(list(perimeter_codes))
        if perimeter.unknown:
            raise ValidationError({"perimeter": unknown_codes_message(perimeter.unknown)})
        previous_status = territory.status if territory.pk else None
        territory.name = name.strip()
        territory.status = status
        territory.driving_authority = driving_authority
        territory.referent_actor = referent_actor
        territory.application_date = application_date
        territory.selection_date = selection_date
        territory.launch_date = launch_date
        territory.agreement_signed_date = agreement_signed_date
        territory.closing_date = closing_date
        territory.description = description
        date_field = STATUS_DATES.get(status)
        if status != previous_status and date_field and getattr(territory, date_field) is None:
            setattr(territory, date_field, today)
        if not territory.pk:
            territory.slug = _unique_slug(territory.name)
        epci_ids = [epci.pk for epci in perimeter.epcis]
        commune_ids = [commune.pk for commune in perimeter.communes]
        territory.population, territory.commune_count = perimeter_totals(epci_ids, commune_ids)
        territory.full_clean()
        save_versioned(territory, expected_version=expected_version)
        territory.epcis.set(epci_ids)
        territory.communes.set(commune_ids)
    return territory


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
