"""Committees, meetings, decisions, action items, targets and annual packs."""

from .committees import Committee, CommitteeMember, seated_committee_ids
from .decisions import ActionItem, Decision
from .meetings import AgendaDocument, AgendaItem, Attendance, Meeting
from .packs import CommitteePack
from .targets import TARGET_INDICATORS, Target

__all__ = [
    "TARGET_INDICATORS",
    "ActionItem",
    "AgendaDocument",
    "AgendaItem",
    "Attendance",
    "Committee",
    "CommitteeMember",
    "CommitteePack",
    "Decision",
    "Meeting",
    "Target",
    "seated_committee_ids",
]
