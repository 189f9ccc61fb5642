"""A project's timeline: its stage changes, journal entries, funding lines and documents, newest first.

Constant queries whatever the project's size. Internal journal entries and documents are read by coordinators
and the referents of the project's territory only (selectors.follow_up.may_read_internal): referents elsewhere
and partners, who read summaries, never see them.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from .. import stages
from ..models import Project, StageChange
from .follow_up import FollowUp, project_follow_up


@dataclass(frozen=True)
class TimelineItem:
    kind: str  # "stage", "journal", "funding" or "document"
    date: datetime.date
    title: str
    text: str
    is_internal: bool
    url: str | None
    by: object = None
    # What orders items of the same day: the instant they were recorded.
    instant: datetime.datetime | None = None


def _label(step):
    return str(stages.STEP_LABELS.get(step, step)) if step else ""


def _stage_items(project):
    # The committee decision behind a change is governance's (a reverse one-to-one, read by name: no import).
    changes = (
        StageChange.objects.filter(project=project)
        .select_related("by", "stop_reason", "decision")
        .order_by("-at", "-pk")
    )
    for change in changes:
        if not change.from_stage:
            title = _("Projet enregistré à l’étape « %(to)s »") % {"to": _label(change.to_stage)}
        else:
            title = _("Étape : « %(from)s » → « %(to)s »") % {
                "from": _label(change.from_stage),
                "to": _label(change.to_stage),
            }
        parts = [str(change.stop_reason)] if change.stop_reason_id else []
        if change.reason:
            parts.append(change.reason)
        if change.is_without_decision:
            parts.append(_("(sans décision du comité de pilotage)"))
        decision = getattr(change, "decision", None)
        if decision is not None:
            parts.append(_("(décision du comité du %(day)s)") % {"day": date_format(decision.decided_on)})
        yield TimelineItem(
            kind="stage",
            date=timezone.localtime(change.at).date(),
            title=title,
            text=" — ".join(parts),
            is_internal=False,
            url=reverse("decision_detail", kwargs={"decision": decision.pk}) if decision is not None else None,
            by=change.by,
            instant=change.at,
        )


def _journal_items(entries):
    for entry in entries:
        yield TimelineItem(
            kind="journal",
            date=entry.date,
            title=_("Journal : %(kind)s") % {"kind": entry.get_kind_display()},
            text=entry.text,
            is_internal=entry.is_internal,
            url=None,
            by=entry.by,
            instant=entry.created_at,
        )


def _funding_items(lines):
    for line in lines:
        amount = number_format(line.amount_requested, decimal_pos=0, use_l10n=True, force_grouping=True)
        text = _("%(amount)s € demandés, %(year)s, %(status)s") % {
            "amount": amount,
            "year": line.year,
            "status": line.get_status_display(),
        }
        if line.amount_granted is not None:
            granted = number_format(line.amount_granted, decimal_pos=0, use_l10n=True, force_grouping=True)
            text += _(" ; %(amount)s € accordés") % {"amount": granted}
        yield TimelineItem(
            kind="funding",
            date=timezone.localtime(line.created_at).date(),
            title=_("Financement : %(funder)s") % {"funder": line.funder.name}
            + (f" — {line.scheme}" if line.scheme else ""),
            text=text,
            is_internal=False,
            url=None,
            by=line.recorded_by,
            instant=line.created_at,
        )


def _document_items(documents):
    for document in documents:
        yield TimelineItem(
            kind="document",
            date=timezone.localtime(document.uploaded_at).date(),
            title=_("Document : %(title)s") % {"title": document.title},
            text=document.get_kind_display(),
            is_internal=document.is_internal,
            url=reverse("document_download", kwargs={"document": document.pk}),
            by=document.uploaded_by,
            instant=document.uploaded_at,
        )


def project_timeline(*, project: Project, user, follow_up: FollowUp | None = None) -> list[TimelineItem]:
    """Everything that happened on the project that `user` may read, newest first: its stage changes (one query)
    and its follow-up, read by project_follow_up unless the page has read it already (for its blocks)."""
    follow_up = follow_up or project_follow_up(project=project, user=user)
    items = [
        *_stage_items(project),
        *_journal_items(follow_up.journal),
        *_funding_items(follow_up.funding.lines),
        *_document_items(follow_up.documents),
    ]
    epoch = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    items.sort(key=lambda item: (item.date, item.instant or epoch), reverse=True)
    return items
