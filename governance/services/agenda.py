"""Writes of a meeting's agenda: its items (a project or a free topic, in order) and the documents attached to them.
Nothing of it changes once the meeting's minutes are approved."""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _

from core.documents import document_store
from core.versioning import check_editable, create_versioned, update_versioned

from ..models import AgendaDocument, AgendaItem, Meeting
from .meetings import check_may_manage, check_not_frozen

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

EDITABLE_FIELDS = frozenset({"project", "topic", "presenter", "duration_minutes", "position", "notes"})
PROJECT_OR_TOPIC = _("Choisissez un projet ou écrivez le sujet de ce point.")
HAS_DECISIONS = _("Ce point porte des décisions : il ne peut plus être retiré de l’ordre du jour.")
FILE_MISSING = _("Choisissez le fichier à déposer.")


def _check_item(item: AgendaItem):
    item.topic = (item.topic or "").strip()
    if item.project_id is None and not item.topic:
        raise ValidationError({"topic": PROJECT_OR_TOPIC})


def _renumber(meeting: Meeting, *, moved: AgendaItem | None = None, to: int | None = None):
    """Number the meeting's items 1, 2, 3… in their order, `moved` placed at position `to` (a plain update of the
    others' positions: their place in the list is not an edit of their content)."""
    items = [item for item in meeting.agenda_items.order_by("position", "pk") if moved is None or item.pk != moved.pk]
    if moved is not None:
        index = min(max((len(items) + 1 if to is None else to) - 1, 0), len(items))
        items.insert(index, moved)
    for number, item in enumerate(items, start=1):
        if item.position != number:
            AgendaItem.objects.filter(pk=item.pk).update(position=number)
            item.position = number


def agenda_item_create(*, meeting: Meeting, by: "AbstractUser", **fields: Any) -> AgendaItem:
    """Add a point to the agenda: a project put before the committee or a free topic, at `position` (at the end
    when left out). Raises PermissionDenied, or ValidationError in French."""
    check_may_manage(by, meeting)
    check_editable(fields, EDITABLE_FIELDS)
    check_not_frozen(meeting)
    position = fields.pop("position", None)
    item = AgendaItem(meeting=meeting, position=position or 1, **fields)
    _check_item(item)
    with transaction.atomic():
        item.position = meeting.agenda_items.count() + 1
        create_versioned(item, by=by)
        if position:
            _renumber(meeting, moved=item, to=position)
    return item


def agenda_item_update(
    *, agenda_item: AgendaItem, by: "AbstractUser", expected_version: int | None, **fields: Any
) -> AgendaItem:
    meeting = agenda_item.meeting
    check_may_manage(by, meeting)
    check_editable(fields, EDITABLE_FIELDS)
    check_not_frozen(meeting)
    position = fields.get("position") or agenda_item.position
    fields["position"] = position
    with transaction.atomic():
        for name, value in fields.items():
            setattr(agenda_item, name, value)
        _check_item(agenda_item)
        fields["topic"] = agenda_item.topic
        saved = update_versioned(agenda_item, by=by, expected_version=expected_version, fields=fields)
        _renumber(meeting, moved=saved, to=position)
    return saved


def agenda_item_move(*, agenda_item: AgendaItem, by: "AbstractUser", offset: int) -> AgendaItem:
    """Move the item up (offset -1) or down (+1) the agenda."""
    meeting = agenda_item.meeting
    check_may_manage(by, meeting)
    check_not_frozen(meeting)
    with transaction.atomic():
        _renumber(meeting)
        agenda_item.refresh_from_db(fields=["position"])
        _renumber(meeting, moved=agenda_item, to=agenda_item.position + offset)
    return agenda_item


def agenda_item_delete(*, agenda_item: AgendaItem, by: "AbstractUser") -> None:
    """Remove a point and its documents (their files once the removal is committed); refused when a decision was
    recorded on it."""
    meeting = agenda_item.meeting
    check_may_manage(by, meeting)
    check_not_frozen(meeting)
    files = [document.file for document in agenda_item.documents.all() if document.file]
    try:
        with transaction.atomic():
            agenda_item._history_user = by
            agenda_item.delete()
            _renumber(meeting)
    except ProtectedError:
        raise ValidationError(HAS_DECISIONS, code="has_decisions") from None
    for stored in files:
        transaction.on_commit(lambda stored=stored: stored.storage.delete(stored.name))


def agenda_document_add(*, agenda_item: AgendaItem, by: "AbstractUser", title: str, file) -> AgendaDocument:
    """Attach a document to an agenda item once its content is recognised as an accepted format within
    PROJECT_DOCUMENT_MAX_BYTES; nothing is stored otherwise (neither the row nor the file)."""
    meeting = agenda_item.meeting
    check_may_manage(by, meeting)
    check_not_frozen(meeting)
    document = AgendaDocument(agenda_item=agenda_item, title=title, uploaded_by=by)
    return document_store(document, file=file, missing_message=FILE_MISSING)
