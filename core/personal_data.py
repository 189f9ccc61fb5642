"""The registry of the places where the platform holds a person's data, so that one page can find, export and
erase everything about that person, the schedule can apply each place's retention, and the privacy page can say
what is kept, why and for how long.

Each app registers its sources in its AppConfig.ready() (core imports no app):

    # projects/apps.py
    from core import personal_data
    from .personal_data import ProjectLeaderSource
    personal_data.register(ProjectLeaderSource())

A source finds the records of a person (by email address, case-insensitive, or by name), exports one as a
JSON-ready dict with French keys, and erases one in place: the row and its statistics stay (counts, dates,
stages, amounts), the person's name becomes « Personne anonymisée », their email address and phone are emptied
(or replaced by a non-deliverable address where one is required), free text about them is emptied, and the
copies kept in the record's history are blanked too.
"""

import calendar
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

# What an erased name becomes: statistics and lists keep a row that says a person was there.
ANONYMISED_NAME = "Personne anonymisée"
# A reserved top-level domain (RFC 2606): an address required by a unique or non-blank field and never delivered.
UNDELIVERABLE_DOMAIN = "anonyme.invalid"

# A query shorter than this is no way to name a person: it would match half of the platform.
MIN_QUERY_LENGTH = 2


def undeliverable_address(label: str, pk: int) -> str:
    """An address nobody receives, unique per record (`label`: what the record is, e.g. "compte")."""
    return f"{label}-{pk}@{UNDELIVERABLE_DOMAIN}"


def is_email(query: str) -> bool:
    return "@" in query


def query_words(query: str) -> list[str]:
    return [word for word in re.split(r"\s+", query.strip()) if word]


def person_condition(query: str, *, email_fields: Iterable[str] = (), name_fields: Iterable[str] = ()) -> models.Q:
    """A condition matching a person's records: the address exactly (any case) when the query is an address,
    else every word of the query found in one of the name fields ("dupont jean" finds Jean Dupont)."""
    query = query.strip()
    if is_email(query):
        condition = models.Q(pk__in=[])
        for name in email_fields:
            condition |= models.Q(**{f"{name}__iexact": query})
        return condition
    words = query_words(query)
    if not words or not name_fields:
        return models.Q(pk__in=[])
    condition = models.Q()
    for word in words:
        any_field = models.Q(pk__in=[])
        for name in name_fields:
            any_field |= models.Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition


def holds_name(field_name: str) -> models.Q:
    """A name field still naming someone: neither empty nor already anonymised."""
    return ~models.Q(**{field_name: ""}) & ~models.Q(**{field_name: ANONYMISED_NAME})


def months_before(moment, months: int):
    """The same day `months` months earlier (the last day of a shorter month), for dates and datetimes."""
    year, month = divmod(moment.month - 1 - months, 12)
    year += moment.year
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def as_json_value(value: Any) -> Any:
    """A value of a model field as JSON holds it: dates in ISO 8601, decimals as text, choices as they are."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


@dataclass
class Match:
    """One record holding a person's data, as found by a source."""

    source: str
    pk: int
    # Who, as the coordinator reads it (the name and address found); what and where (no personal data).
    person: str
    record: str
    instance: Any = field(default=None, repr=False, compare=False)

    @property
    def value(self) -> str:
        """The match as a form sends it back: "<source>:<pk>"."""
        return f"{self.source}:{self.pk}"


class PersonalDataSource:
    """A place where the platform holds a person's data. Subclasses set the texts and implement the methods.

    - `key`: a stable name ("projects.leader"), written in the audit records; `fields`: the fields it covers;
    - `label`: its French name (« Porteur·se de projet »), on the pages and in the export;
    - `kept`, `purpose`: what is kept and why, for the privacy page;
    - `retention()`: how long, for the privacy page, built from the same settings as `retention_due()`;
    - `retention_due(now)`: the primary keys of the records whose personal data the schedule must erase now
      (None for a source with no automatic erasure), excluding those already erased, so that running it twice
      erases once;
    - `find(query)` → list of Match; `get(pk)` → Match or None; `export(match)` → dict with French keys;
      `erase(match, by=...)` anonymises in place (history included) and returns a summary without personal data.
    """

    key: str = ""
    label = ""
    # The model fields it covers, as "app_label.Model.field": a test fails on a field that looks like a person's
    # (an address, a phone, a person's name) that no source covers.
    fields: tuple[str, ...] = ()
    kept = ""
    purpose = ""

    def retention(self) -> str:
        return str(_("tant que la fiche existe"))

    def retention_due(self, *, now) -> Iterable[int] | None:
        return None

    # The fields a person is found by; `search_history`: also the records whose past versions held the person.
    email_fields: tuple[str, ...] = ()
    name_fields: tuple[str, ...] = ()
    search_history: bool = True

    def _queryset(self) -> models.QuerySet:
        """The records of this source not yet erased, with what `_match` reads."""
        raise NotImplementedError

    def _match(self, instance) -> Match:
        raise NotImplementedError

    def find(self, query: str) -> list[Match]:
        condition = person_condition(query, email_fields=self.email_fields, name_fields=self.name_fields)
        records = self._queryset()
        if self.search_history:
            condition |= models.Q(pk__in=history_pks(records.model, condition))
        return [self._match(record) for record in records.filter(condition).order_by("pk")]

    def get(self, pk: int) -> Match | None:
        record = self._queryset().filter(pk=pk).first()
        return self._match(record) if record else None

    def export(self, match: Match) -> dict:
        raise NotImplementedError

    def erase(self, match: Match, *, by) -> str:
        raise NotImplementedError

    def describe(self, match: Match) -> str:
        """What the record is, without personal data: kept in the audit records."""
        return match.record


_registry: dict[str, PersonalDataSource] = {}


def register(source: PersonalDataSource) -> PersonalDataSource:
    """Add a source (registering the same key again replaces it: ready() may run twice in tests)."""
    if not source.key:
        raise ValueError("A personal-data source needs a key.")
    _registry[source.key] = source
    return source


def unregister(key: str) -> None:
    """Take a source off (for tests)."""
    _registry.pop(key, None)


def sources() -> list[PersonalDataSource]:
    """Every registered source, in the order registered (the stack's order: territories, projects, fabrique)."""
    return list(_registry.values())


def source(key: str) -> PersonalDataSource:
    """The source of this key (KeyError when none is registered)."""
    return _registry[key]


def parse_match_value(value: str) -> tuple[str, int] | None:
    """ "projects.leader:12" → ("projects.leader", 12); None for anything else."""
    key, _sep, pk = (value or "").rpartition(":")
    if key not in _registry or not pk.isdigit() or len(pk) > 18:
        return None
    return key, int(pk)


def blank_history(model, pk: int, **values) -> int:
    """Overwrite the copies of a record's personal fields kept by django-simple-history (each past version),
    so that an erased value survives nowhere; fields the history leaves out are skipped. Returns the rows."""
    history = getattr(model, "history", None)
    if history is None:
        return 0
    historical = history.model
    kept = {name: value for name, value in values.items() if _has_field(historical, name)}
    if not kept:
        return 0
    return historical.objects.filter(**{model._meta.pk.attname: pk}).update(**kept)


def history_pks(model, condition: models.Q) -> models.QuerySet:
    """The primary keys of the records one of whose past versions matches `condition` (a subquery)."""
    history = getattr(model, "history", None)
    attname = model._meta.pk.attname
    if history is None:
        return model.objects.none().values(attname)
    return history.model.objects.filter(condition).values(attname)


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist: the history leaves this field out
        return False
    return True
