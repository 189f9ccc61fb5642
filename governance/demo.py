"""Loads the governance app's demonstration data (`demo_data`): the regional steering and technical committees,
their meetings, the decisions that drove the demonstration projects' stages, targets and last year's pack.

Meetings are written with their dates in the past, which the services, writing the present, cannot do; a
meeting is dated once, when first written, and later runs leave its dates (and what is counted from them)
as they are. Each stage change of a demonstration project into a stage a committee decision opens (or a go,
a pause) made after the first meeting gets the decision of the latest steering meeting before it: an agenda
item for its project, the decision linked to the stage change, which is no longer « sans décision du
comité »; older ones, before the committee met on the platform, keep their mark. Writes go through
`core.seeding.upsert`: a second run on the same day changes nothing. The published pack of last year is
asked for, built and published through the packs services, once.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from core.seeding import upsert
from projects.models import Project, StageChange
from territories.demo import DEMO
from territories.models import Actor, EngagedTerritory

from .demo_data import (
    DECISION_TEXTS,
    FUNDING_DECISIONS,
    NEXT_AGENDA,
    NEXT_TOPIC,
    NOTE,
    ORGANISATIONS,
    OUTCOMES,
    PACK_FOREWORD,
    PACK_NEXT_YEAR,
    PLACES,
    PLANNED_TOPIC,
    REGION_TARGETS,
    SEATED_DAYS_AGO,
    STEERING,
    STEERING_ACTIONS,
    STEERING_MEETINGS,
    STEERING_MEMBERS,
    STEERING_TOPIC,
    TECHNICAL,
    TECHNICAL_ACTIONS,
    TECHNICAL_MEETINGS,
    TECHNICAL_MEMBERS,
    TECHNICAL_MINUTES,
    TECHNICAL_TOPICS,
    TERRITORY_TARGETS,
)
from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMember,
    CommitteePack,
    Decision,
    Meeting,
    Target,
)
from .services.packs import pack_build, pack_publish, pack_request

DECIDED_STEPS = tuple(OUTCOMES)
ABSENT_NAME = "Collaborateur·rice (démonstration)"
REGIONAL = {"territory": None, "is_active": True}


def _weekday(day):
    """A meeting falling on a weekend moves to the Friday before."""
    return day - datetime.timedelta(days=max(0, day.weekday() - 4))


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _long(day):
    return date_format(day, "j F Y")


def _create_or_update(model, lookup, values, initial):
    """`upsert`, with `initial` written only when the row is created (dates a later run must not move)."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        return model.objects.create(**lookup, **values, **initial)
    return upsert(model, lookup, values)


def organisations_of_committees():
    """The member organisations by key: the existing actors, the Avise added."""
    return {key: upsert(Actor, {"name": name}, {"kind": kind}) for key, (name, kind) in ORGANISATIONS.items()}


def _members(committee, specs, *, organisations, users, today):
    members = []
    initial = {"start_on": today - datetime.timedelta(days=SEATED_DAYS_AGO)}
    for spec in specs:
        if spec[0] == "user":
            _kind, email, position = spec
            user = users[email]
            lookup = {"committee": committee, "user": user}
            values = {"actor": user.organisation, "position": position, "end_on": None}
        else:
            key, name, email, position = spec
            lookup = {"committee": committee, "user": None, "representative_name": name}
            values = {"actor": organisations[key], "representative_email": email, "position": position, "end_on": None}
        members.append(_create_or_update(CommitteeMember, lookup, values, initial))
    return members


def _meeting(committee, number, days_ago, status, *, label, coordinator, today, now):
    """The meeting, dated when first written; its status and what goes with it brought back to the data."""
    title = f"{label} — séance n° {number}"
    day = _weekday(today - datetime.timedelta(days=days_ago))
    starts_at = _at(day, 14)
    convened = status != Meeting.Status.PLANNED
    approved = status == Meeting.Status.MINUTES_APPROVED
    # Convened three weeks before (a few days ago for the next one), approved a month after (or yesterday).
    initial = {
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=2, minutes=30),
        "convened_at": min(starts_at - datetime.timedelta(days=21), now - datetime.timedelta(days=5))
        if convened
        else None,
        "minutes_approved_at": min(starts_at + datetime.timedelta(days=30), now - datetime.timedelta(days=1))
        if approved
        else None,
    }
    values = {
        "place": PLACES[number % len(PLACES)],
        "video_link": "",
        "status": status,
        "convocation_count": 1 if convened else 0,
        "minutes_approved_by": coordinator if approved else None,
    }
    return _create_or_update(Meeting, {"committee": committee, "title": title}, values, initial)


def _attendance(meeting, members, number):
    """Who came: most members, one excused and one represented in turn."""
    day = timezone.localdate(meeting.starts_at)
    present = []
    for index, member in enumerate(members):
        if not member.is_current_on(day):
            continue
        turn = (number + index) % 6
        status = (
            Attendance.Status.EXCUSED
            if turn == 0
            else Attendance.Status.REPRESENTED
            if turn == 3 and not member.user_id
            else Attendance.Status.PRESENT
        )
        represented_by = ABSENT_NAME if status == Attendance.Status.REPRESENTED else ""
        upsert(Attendance, {"meeting": meeting, "member": member}, {"status": status, "represented_by": represented_by})
        present.append((member, status))
    return present


def _attendance_text(present):
    def names(statuses):
        return "\n".join(
            f"- {member.display_name} — {member.actor}" if member.actor_id else f"- {member.display_name}"
            for member, status in present
            if status in statuses
        )

    lines = [f"**Présent·es\u00a0:**\n\n{names({Attendance.Status.PRESENT, Attendance.Status.REPRESENTED})}"]
    excused = names({Attendance.Status.EXCUSED})
    if excused:
        lines.append(f"**Excusé·es\u00a0:**\n\n{excused}")
    return "\n\n".join(lines)


def _committee_changes(first_day):
    """The demonstration projects' stage changes a steering decision opened, from the first meeting on."""
    return list(
        StageChange.objects.filter(
            project__title__startswith=f"{DEMO} ",
            to_stage__in=DECIDED_STEPS,
            at__date__gt=first_day,
        )
        .select_related("project__territory")
        .order_by("at", "pk")
    )


def _decides(change):
    """The outcome of the decision behind a stage change; None for a step back (no decision opens it)."""
    if change.to_stage == Project.Stage.LEADER_SEARCH and change.from_stage != Project.Stage.OPPORTUNITY_STUDY:
        return None
    if change.to_stage == Project.Stage.OPPORTUNITY_STUDY and change.from_stage != Project.Stage.DETECTED:
        return None
    return OUTCOMES[change.to_stage]


def _agenda_item(meeting, project, position, *, notes=""):
    return upsert(
        AgendaItem,
        {"meeting": meeting, "project": project},
        {
            "position": position,
            "topic": "",
            "presenter": f"Acteur référent — {project.territory.name}",
            "duration_minutes": 20,
            "notes": notes,
        },
    )


def _topic_item(meeting, topic, position, presenter="Coordination CRESS"):
    return upsert(
        AgendaItem,
        {"meeting": meeting, "project": None, "topic": topic},
        {"position": position, "presenter": presenter, "duration_minutes": 30, "notes": ""},
    )


def _decisions(meetings, *, coordinator):
    """The decisions behind the projects' stage changes, each at the latest held meeting before its change;
    returns {meeting pk: [decisions]}."""
    held = [m for m in meetings if m.status in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED)]
    held.sort(key=lambda m: m.starts_at)
    made = {meeting.pk: [] for meeting in held}
    positions = {meeting.pk: {} for meeting in held}
    for change in _committee_changes(timezone.localdate(held[0].starts_at)):
        outcome = _decides(change)
        before = [m for m in held if timezone.localdate(m.starts_at) < timezone.localdate(change.at)]
        if outcome is None or not before:
            continue
        meeting = before[-1]
        day = timezone.localdate(meeting.starts_at)
        items = positions[meeting.pk]
        items.setdefault(change.project_id, len(items) + 1)
        item = _agenda_item(meeting, change.project, items[change.project_id])
        rationale, conditions = DECISION_TEXTS[outcome]
        decision = upsert(
            Decision,
            {"stage_change": change},
            {
                "agenda_item": item,
                "project": change.project,
                "outcome": outcome,
                "rationale": rationale,
                "conditions": conditions,
                "amount": None,
                "follow_up_on": day + datetime.timedelta(days=180) if conditions else None,
                "decided_on": day,
                "recorded_by": coordinator,
            },
        )
        if change.is_without_decision:
            upsert(StageChange, {"pk": change.pk}, {"is_without_decision": False})
        made[meeting.pk].append(decision)
    return made, positions


def _funding_decisions(meetings_by_number, made, positions, *, coordinator):
    for number, (title, amount, text) in FUNDING_DECISIONS.items():
        meeting = meetings_by_number[number]
        project = Project.objects.select_related("territory").get(title=f"{DEMO} {title}")
        items = positions[meeting.pk]
        items.setdefault(project.pk, len(items) + 1)
        item = _agenda_item(meeting, project, items[project.pk])
        decision = upsert(
            Decision,
            {"agenda_item": item, "outcome": Decision.Outcome.GRANT_FUNDING},
            {
                "project": project,
                "amount": Decimal(amount),
                "conditions": text,
                "rationale": "Le plan de financement du porteur est bouclé avec cette aide.",
                "decided_on": timezone.localdate(meeting.starts_at),
                "recorded_by": coordinator,
            },
        )
        made[meeting.pk].append(decision)


def _minutes(meeting, decisions, present):
    """The minutes of a held meeting, in Markdown: who came, then each decision."""
    day = timezone.localdate(meeting.starts_at)
    parts = [f"Séance du {_long(day)}.", _attendance_text(present), "## Décisions"]
    for decision in sorted(decisions, key=lambda d: (d.agenda_item.position, d.pk)):
        title = decision.project.title.removeprefix(f"{DEMO} ")
        outcome = decision.get_outcome_display()
        line = f"- **{title}** ({decision.project.reference})\u00a0: {outcome}."
        if decision.amount:
            line += f" Montant\u00a0: {decision.amount:,.0f}\u00a0€.".replace(",", "\u00a0")
        if decision.rationale:
            line += f" {decision.rationale}"
        if decision.conditions:
            line += f" Conditions\u00a0: {decision.conditions}"
        parts.append(line)
    if not decisions:
        parts.append("Aucune décision sur un projet à cette séance.")
    parts += [f"## {STEERING_TOPIC}", "Le comité prend connaissance des indicateurs de l’année et des objectifs.", NOTE]
    return "\n\n".join(parts)


def _actions(meeting, specs, *, users):
    day = timezone.localdate(meeting.starts_at)
    for description, owner, due_in, done_in in specs:
        user = users.get(owner)
        upsert(
            ActionItem,
            {"meeting": meeting, "description": description},
            {
                "owner": user,
                "owner_name": "" if user else owner,
                "due_on": day + datetime.timedelta(days=due_in),
                "done_on": day + datetime.timedelta(days=done_in) if done_in is not None else None,
            },
        )


def _steering_seed(committee, members, *, coordinator, users, today, now):
    label = "Comité de pilotage"
    meetings = {
        number: _meeting(
            committee, number, days_ago, status, label=label, coordinator=coordinator, today=today, now=now
        )
        for number, days_ago, status in STEERING_MEETINGS
    }
    made, positions = _decisions(list(meetings.values()), coordinator=coordinator)
    _funding_decisions(meetings, made, positions, coordinator=coordinator)
    for number, meeting in meetings.items():
        if meeting.pk in made:
            present = _attendance(meeting, members, number)
            _topic_item(meeting, STEERING_TOPIC, len(positions[meeting.pk]) + 1)
            minutes = _minutes(meeting, made[meeting.pk], present)
            upsert(Meeting, {"pk": meeting.pk}, {"minutes": minutes})
        _actions(meeting, STEERING_ACTIONS.get(number, []), users=users)
    upcoming = [m for m in meetings.values() if m.status == Meeting.Status.CONVENED]
    for meeting in upcoming:
        for position, (title, proposal, _territory) in enumerate(NEXT_AGENDA, start=1):
            project = Project.objects.select_related("territory").get(title=f"{DEMO} {title}")
            _agenda_item(meeting, project, position, notes=f"Proposition\u00a0: {proposal}.")
        _topic_item(meeting, NEXT_TOPIC, len(NEXT_AGENDA) + 1)
    for meeting in meetings.values():
        if meeting.status == Meeting.Status.PLANNED:
            _topic_item(meeting, PLANNED_TOPIC, 1)
    return meetings


def _technical_seed(committee, members, *, coordinator, users, today, now):
    meetings = {}
    for number, days_ago, status in TECHNICAL_MEETINGS:
        meeting = _meeting(
            committee, number, days_ago, status, label="Comité technique", coordinator=coordinator, today=today, now=now
        )
        for position, topic in enumerate(TECHNICAL_TOPICS.get(number, []), start=1):
            _topic_item(meeting, topic, position)
        if status in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED):
            present = _attendance(meeting, members, number)
            minutes = f"{_attendance_text(present)}\n\n{TECHNICAL_MINUTES.get(number, NOTE)}"
            upsert(Meeting, {"pk": meeting.pk}, {"minutes": minutes})
        _actions(meeting, TECHNICAL_ACTIONS.get(number, []), users=users)
        meetings[number] = meeting
    return meetings


def _targets(today):
    territories = {t.name: t for t in EngagedTerritory.objects.filter(name__in=TERRITORY_TARGETS)}
    years = (today.year - 1, today.year)
    rows = [(None, REGION_TARGETS)] + [
        (territories[name], values) for name, values in TERRITORY_TARGETS.items() if name in territories
    ]
    for territory, values in rows:
        for indicator, pair in values.items():
            for year, value in zip(years, pair, strict=True):
                lookup = {"year": year, "territory": territory, "indicator": indicator}
                upsert(Target, lookup, {"value": Decimal(value)})


def _pack_seed(committee, *, year, coordinator):
    """Last year's pack, asked for, built and published once (the packs services)."""
    if CommitteePack.objects.filter(committee=committee, year=year, published_at__isnull=False).exists():
        return None
    pack = pack_request(
        committee=committee, year=year, by=coordinator, foreword=PACK_FOREWORD, next_year_plan=PACK_NEXT_YEAR
    )
    pack_build(pack_id=pack.pk)
    pack.refresh_from_db()
    return pack_publish(pack=pack, by=coordinator)


@transaction.atomic
def seed():
    """Create or refresh the committees' demonstration (after `projects.demo`); returns the two committees."""
    today = timezone.localdate()
    now = timezone.now()
    users = {user.email: user for user in get_user_model().objects.filter(email__endswith="@demo.fabrique.fr")}
    coordinator = users["coordination@demo.fabrique.fr"]
    organisations = organisations_of_committees()
    steering, technical = (
        upsert(Committee, {"name": spec["name"]}, {"kind": spec["kind"], "purpose": spec["purpose"], **REGIONAL})
        for spec in (STEERING, TECHNICAL)
    )
    context = {"users": users, "today": today}
    steering_members = _members(steering, STEERING_MEMBERS, organisations=organisations, **context)
    technical_members = _members(technical, TECHNICAL_MEMBERS, organisations=organisations, **context)
    _steering_seed(steering, steering_members, coordinator=coordinator, now=now, **context)
    _technical_seed(technical, technical_members, coordinator=coordinator, now=now, **context)
    _targets(today)
    _pack_seed(steering, year=today.year - 1, coordinator=coordinator)
    return [steering, technical]
