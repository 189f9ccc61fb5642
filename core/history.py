"""Readable change history from django-simple-history: who changed which field, when."""

from dataclasses import dataclass


@dataclass
class Change:
    field: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    when: object
    who: object
    kind: str  # "+" created, "~" changed, "-" deleted
    changes: list


def _display(record, field_name, value):
    field = record._meta.get_field(field_name)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation and value is not None:
        return getattr(record, field.name, value)
    return "—" if value in (None, "") else value


def history_entries(instance, limit=30):
    """The latest changes of `instance`, newest first, in one query."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    skip = {"version", "updated_at", "created_at"}
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, foreign_keys_are_objs=False)
            for change in delta.changes:
                if change.field in skip:
                    continue
                field = record._meta.get_field(change.field)
                changes.append(
                    Change(
                        field=str(field.verbose_name),
                        old=_display(previous, change.field, change.old),
                        new=_display(record, change.field, change.new),
                    )
                )
            if not changes:
                continue
        entries.append(
            HistoryEntry(when=record.history_date, who=record.history_user, kind=record.history_type, changes=changes)
        )
    return entries
