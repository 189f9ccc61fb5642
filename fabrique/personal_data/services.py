"""Writes on a person's data: the export (one JSON document) and the erasure asked by a coordinator, each with
its audit records; the retention applied by the schedule lives in retention.py."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core import personal_data
from core.rules import is_coordinator

from ..models import PersonalDataAudit
from .selectors import SourceMatches

# Bumped when the layout of the exported document changes.
EXPORT_FORMAT = 1


def _check(by):
    if not is_coordinator(by):
        raise PermissionDenied


def audit_record(*, action, by, match, summary="") -> PersonalDataAudit:
    source = personal_data.source(match.source)
    return PersonalDataAudit.objects.create(
        action=action,
        by=by,
        source=match.source,
        record_id=match.pk,
        summary=(summary or source.describe(match))[:300],
    )


def personal_data_export(*, by, found: list[SourceMatches]) -> dict:
    """Everything the platform holds about one person, as one JSON-ready document with French keys, and one
    audit record per exported record (none of them holds the personal data or the query)."""
    _check(by)
    now = timezone.now()
    document = {
        "format": EXPORT_FORMAT,
        "exporté le": now.isoformat(),
        "sources": [],
    }
    with transaction.atomic():
        for group in found:
            records = []
            for match in group.matches:
                records.append({"enregistrement": match.record, **group.source.export(match)})
                audit_record(action=PersonalDataAudit.Action.EXPORT, by=by, match=match)
            document["sources"].append(
                {"source": str(group.source.label), "clé": group.source.key, "enregistrements": records}
            )
    return document


def personal_data_erase(*, by, matches: list[personal_data.Match]) -> list[PersonalDataAudit]:
    """Anonymise each record in place (its row and statistics kept, history blanked), all or nothing, with one
    audit record each."""
    _check(by)
    audits = []
    with transaction.atomic():
        for match in matches:
            summary = personal_data.source(match.source).erase(match, by=by)
            audits.append(audit_record(action=PersonalDataAudit.Action.ERASE, by=by, match=match, summary=summary))
    return audits
