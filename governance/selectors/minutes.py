"""Reads for minutes: the Markdown draft written from a meeting's agenda, attendance, decisions and actions."""

import re

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from ..models import ActionItem, AgendaItem, Attendance, Decision, Meeting
from ..services.decisions import outcome_label

NBSP = "\u00a0"
# « 14 h 00 », as the meeting page writes an hour.
HOUR_FORMAT = "G\u00a0\\h\u00a0i"
# Characters that Markdown reads as formatting: a name or a text of the platform is shown as typed.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|>~])")


def _plain(text) -> str:
    """A one-line text escaped for Markdown."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text or "").split()))


def _lines(text) -> str:
    """A text of several lines kept as hard line breaks inside a list item."""
    lines = [_plain(line) for line in str(text or "").splitlines() if line.strip()]
    return "  \n  ".join(lines)


def _amount(value) -> str:
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True) + f"{NBSP}€"


def _field(label, value) -> str:
    return f"**{label}{NBSP}:** {value}"


def _decision_lines(decision: Decision) -> list[str]:
    lines = [f"**{_('Décision')}{NBSP}: {_plain(outcome_label(decision.outcome))}**", ""]
    details = []
    if decision.conditions:
        details.append(f"- {_('Conditions')}{NBSP}: {_lines(decision.conditions)}")
    if decision.amount is not None:
        details.append(f"- {_('Montant')}{NBSP}: {_amount(decision.amount)}")
    if decision.rationale:
        details.append(f"- {_('Motifs')}{NBSP}: {_lines(decision.rationale)}")
    if decision.follow_up_on:
        details.append(f"- {_('Date de suivi')}{NBSP}: {date_format(decision.follow_up_on, 'DATE_FORMAT')}")
    if decision.stage_change_id:
        change = decision.stage_change
        moved = f"« {change.get_from_stage_display()} » → « {change.get_to_stage_display()} »"
        details.append(f"- {_('Étape du projet')}{NBSP}: {moved}")
    if decision.amends_id:
        details.append(
            f"- {_('Modifie la décision du')} {date_format(decision.amends.decided_on, 'DATE_FORMAT')}"
            f" ({_plain(outcome_label(decision.amends.outcome))})"
        )
    return [*lines, *details, ""] if details else lines


def _action_line(action: ActionItem) -> str:
    owner = action.owner.get_full_name() or action.owner.email if action.owner_id else action.owner_name
    parts = [_plain(action.description)]
    if owner:
        parts.append(_("responsable{nbsp}: {owner}").format(nbsp=NBSP, owner=_plain(owner)))
    if action.due_on:
        parts.append(_("échéance{nbsp}: {date}").format(nbsp=NBSP, date=date_format(action.due_on, "DATE_FORMAT")))
    return "- " + " — ".join(parts)


def _attendance_lines(meeting: Meeting) -> list[str]:
    rows = Attendance.objects.filter(meeting=meeting).select_related("member__user")
    groups = {status: [] for status in Attendance.Status.values}
    for row in rows:
        name = _plain(row.member.display_name)
        if row.status == Attendance.Status.REPRESENTED and row.represented_by:
            name += " " + _("(par {name})").format(name=_plain(row.represented_by))
        groups[row.status].append(name)
    labels = {
        Attendance.Status.PRESENT: _("Présents"),
        Attendance.Status.REPRESENTED: _("Représentés"),
        Attendance.Status.EXCUSED: _("Excusés"),
        Attendance.Status.ABSENT: _("Absents"),
    }
    lines = [_field(label, ", ".join(groups[status])) + "  " for status, label in labels.items() if groups[status]]
    if not lines:
        return [_("*Présences non saisies.*"), ""]
    lines[-1] = lines[-1].rstrip()
    return [*lines, ""]


def minutes_from_agenda(meeting: Meeting) -> str:
    """The minutes' draft in Markdown: a title, the date and place, who attended, then a `## n. item` heading per
    agenda item with its decisions and actions, and the meeting's other actions."""
    items = list(AgendaItem.objects.filter(meeting=meeting).select_related("project").order_by("position", "pk"))
    decisions = Decision.objects.filter(agenda_item__meeting=meeting).select_related("stage_change", "amends")
    by_item = {}
    for decision in decisions.order_by("created_at", "pk"):
        by_item.setdefault(decision.agenda_item_id, []).append(decision)
    actions = {}
    for action in ActionItem.objects.filter(meeting=meeting).select_related("owner").order_by("due_on", "pk"):
        actions.setdefault(action.agenda_item_id, []).append(action)
    starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    title = meeting.title or meeting.committee.name
    lines = [
        f"# {_('Compte rendu')} — {_plain(title)}",
        "",
        _field(_("Comité"), _plain(meeting.committee.name)) + "  ",
        _field(
            _("Date"),
            _("{date}, de {start} à {end}").format(
                date=date_format(starts, "DATE_FORMAT"),
                start=date_format(starts, HOUR_FORMAT),
                end=date_format(ends, HOUR_FORMAT),
            ),
        )
        + ("  " if meeting.place else ""),
    ]
    if meeting.place:
        lines.append(_field(_("Lieu"), _plain(meeting.place)))
    lines += ["", *_attendance_lines(meeting)]
    for number, item in enumerate(items, start=1):
        subject = item.topic or (f"{item.project.reference} {item.project.title}" if item.project_id else "")
        if item.topic and item.project_id:
            subject = f"{item.topic} ({item.project.reference} {item.project.title})"
        lines += [f"## {number}. {_plain(subject)}", ""]
        if item.presenter:
            lines += [_field(_("Présenté par"), _plain(item.presenter)), ""]
        item_decisions = by_item.get(item.pk, [])
        for decision in item_decisions:
            lines += _decision_lines(decision)
        if not item_decisions:
            lines += [_("*Pas de décision enregistrée.*"), ""]
        if actions.get(item.pk):
            lines += [f"**{_('Actions à mener')}{NBSP}:**", "", *map(_action_line, actions[item.pk]), ""]
    if actions.get(None):
        lines += [f"## {_('Autres actions à mener')}", "", *map(_action_line, actions[None]), ""]
    return "\n".join(lines).rstrip() + "\n"
