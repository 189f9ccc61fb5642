"""The retention the schedule applies each night: every registered source names the records whose personal data
is past its retention period (core.personal_data: `retention_due`), and they are anonymised in batches, each with
an audit record. Running it twice anonymises once: a record already anonymised is no longer due."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core import personal_data

from ..models import PersonalDataAudit
from .services import audit_record

# Records anonymised per transaction: a long night's run holds no lock for long, and one failing batch keeps
# the batches done before it.
RETENTION_BATCH = 100


@dataclass
class RetentionItem:
    source: str
    label: str
    pk: int
    record: str


def retention_due(*, now=None) -> list[tuple[personal_data.PersonalDataSource, list[int]]]:
    """Each source with a retention rule, and the primary keys of its records due for anonymisation now."""
    now = now or timezone.now()
    due = []
    for source in personal_data.sources():
        pks = source.retention_due(now=now)
        if pks is not None:
            due.append((source, list(pks)))
    return due


def retention_apply(*, now=None, dry_run=False, batch_size=RETENTION_BATCH) -> list[RetentionItem]:
    """Anonymise the records past their retention period (or, with `dry_run`, only list them)."""
    done = []
    for source, pks in retention_due(now=now):
        for start in range(0, len(pks), batch_size):
            with transaction.atomic():
                for pk in pks[start : start + batch_size]:
                    match = source.get(pk)
                    if match is None:
                        continue
                    item = RetentionItem(
                        source=source.key, label=str(source.label), pk=pk, record=source.describe(match)
                    )
                    done.append(item)
                    if dry_run:
                        continue
                    summary = source.erase(match, by=None)
                    audit_record(action=PersonalDataAudit.Action.RETENTION, by=None, match=match, summary=summary)
    return done
