"""Reads of the personal-data pages: the records of one person in every registered source, the audit records."""

from dataclasses import dataclass

from core import personal_data

from ..models import PersonalDataAudit


@dataclass
class SourceMatches:
    source: personal_data.PersonalDataSource
    matches: list


def person_matches(*, query: str) -> list[SourceMatches]:
    """Every registered source with the records it holds about the person named by `query` (an email address or
    a name), sources without any left out."""
    found = []
    for source in personal_data.sources():
        matches = source.find(query)
        if matches:
            found.append(SourceMatches(source=source, matches=matches))
    return found


def audit_list():
    """The audit records, latest first, with who did it (None: the schedule)."""
    return PersonalDataAudit.objects.select_related("by").order_by("-at", "-pk")


def source_label(key: str) -> str:
    """The French name of a source (its key when no app registers it any more)."""
    try:
        return str(personal_data.source(key).label)
    except KeyError:
        return key
