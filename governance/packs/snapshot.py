"""The frozen snapshot of an annual pack: plain JSON (numbers as strings, French labels) that the PDF, the workbook
and the pack page read, so that they show the same figures long after the data has moved on."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format

from core.dates import short_date
from projects.models import FundingLine, Project

from .. import indicators
from ..models import AgendaItem, Decision, Meeting

SNAPSHOT_VERSION = 1
QUARTERS = ["T1", "T2", "T3", "T4"]


def _number(value):
    return None if value is None else str(value)


def indicator_rows(values, targets, *, sector):
    """A row per indicator (label, definition, value, target and share reached, each also written the French way),
    read by the pack and the dashboard; no target applies with a sector."""
    rows = []
    for indicator in indicators.INDICATORS:
        value = values[indicator.key]
        target = targets.get(indicator.key) if sector is None else None
        reached = indicators.achievement(value, target)
        rows.append(
            {
                "key": indicator.key,
                "label": str(indicator.label),
                "unit": indicator.unit,
                "unit_label": str(indicators.UNIT_LABELS[indicator.unit]),
                "definition": str(indicator.definition),
                "dated_by": str(indicator.dated_by),
                "value": _number(value),
                "display": indicators.display(value, indicator.unit),
                "target": _number(target),
                "target_display": indicators.display(target, indicator.unit) if target is not None else "",
                "achievement": _number(reached),
                "achievement_display": indicators.display(reached, indicators.PERCENT) if reached is not None else "",
            }
        )
    return rows


def _quarter_rows(quarters):
    rows = []
    for key, figures in quarters.items():
        indicator = indicators.INDICATORS_BY_KEY[key]
        total = sum(figures)
        rows.append(
            {
                "key": key,
                "label": str(indicator.label),
                "unit": indicator.unit,
                "values": [_number(value) for value in figures],
                "displays": [indicators.display(value, indicator.unit) for value in figures],
                "total": _number(total),
                "total_display": indicators.display(total, indicator.unit),
            }
        )
    return rows


def _decision_rows(committee, year):
    decisions = (
        Decision.objects.filter(agenda_item__meeting__committee=committee, decided_on__year=year)
        .select_related("agenda_item__meeting", "agenda_item", "project")
        .only(
            "decided_on",
            "outcome",
            "amount",
            "conditions",
            "project_id",
            "project__reference",
            "project__title",
            "agenda_item__topic",
            "agenda_item__meeting__title",
            "agenda_item__meeting__starts_at",
            "agenda_item__meeting__committee_id",
        )
        .order_by("decided_on", "pk")
    )
    rows = []
    for decision in decisions:
        subject = str(decision.project) if decision.project_id else decision.agenda_item.topic
        rows.append(
            {
                "date": short_date(decision.decided_on),
                "quarter": (decision.decided_on.month - 1) // 3 + 1,
                "meeting": str(decision.agenda_item.meeting.title or short_date(decision.decided_on)),
                "project_id": decision.project_id,
                "subject": subject,
                "outcome": decision.get_outcome_display(),
                "amount": _number(decision.amount),
                "amount_display": indicators.display(decision.amount, indicators.EUROS) if decision.amount else "",
                "conditions": decision.conditions,
            }
        )
    return rows


# What a project summary reads: never the leader's name, e-mail or phone, nor the journal.
SUMMARY_FIELDS = [
    "reference",
    "title",
    "territory__name",
    "sector__name",
    "leader_structure__name",
    "stage",
    "side_state",
    "origin",
    "summary",
    "social_utility",
    "target_public",
    "target_legal_form",
    "jobs_planned_fte",
    "jobs_created_fte",
    "non_relocatable",
    "budget",
    "creation_date",
]


def _project_summaries(committee, year, decisions):
    """One summary per project put before the committee in the year (on the agenda of a convened meeting or
    later), in the order they first came: four queries whatever their number."""
    items = (
        AgendaItem.objects.filter(meeting__committee=committee, meeting__starts_at__year=year, project__isnull=False)
        .exclude(meeting__status=Meeting.Status.PLANNED)
        .order_by("meeting__starts_at", "position", "pk")
        .values_list("project_id", "meeting__starts_at")
    )
    meetings_of = {}
    for project_id, starts_at in items:
        meetings_of.setdefault(project_id, []).append(short_date(timezone.localtime(starts_at).date()))
    if not meetings_of:
        return []
    lines = FundingLine.objects.select_related("funder").only(
        "project_id", "funder__name", "year", "amount_requested", "amount_granted", "status"
    )
    projects = {
        project.pk: project
        for project in Project.objects.filter(pk__in=list(meetings_of))
        .select_related("territory", "sector", "leader_structure")
        .only(*SUMMARY_FIELDS)
        .prefetch_related(Prefetch("funding_lines", queryset=lines.order_by("-year", "pk")))
    }
    decisions_of = {}
    for decision in decisions:
        if decision["project_id"]:
            decisions_of.setdefault(decision["project_id"], []).append(
                {"date": decision["date"], "outcome": decision["outcome"], "conditions": decision["conditions"]}
            )
    summaries = []
    for project_id, meeting_days in meetings_of.items():
        project = projects[project_id]
        summaries.append(
            {
                "reference": project.reference,
                "title": project.title,
                "territory": project.territory.name,
                "sector": project.sector.name if project.sector_id else "",
                "step": project.get_side_state_display() if project.side_state else project.get_stage_display(),
                "origin": project.get_origin_display(),
                "summary": project.summary,
                "social_utility": project.social_utility,
                "target_public": project.target_public,
                "target_legal_form": project.target_legal_form,
                "leader_structure": project.leader_structure.name if project.leader_structure_id else "",
                "jobs_planned": indicators.display(project.jobs_planned_fte, indicators.FTE),
                "jobs_planned_fte": _number(project.jobs_planned_fte),
                "jobs_created_fte": _number(project.jobs_created_fte),
                "jobs_created": indicators.display(project.jobs_created_fte, indicators.FTE),
                "non_relocatable": project.non_relocatable,
                "budget": indicators.display(project.budget, indicators.EUROS) if project.budget is not None else "",
                "creation_date": short_date(project.creation_date),
                "meetings": meeting_days,
                "decisions": decisions_of.get(project_id, []),
                "funding": [
                    {
                        "funder": line.funder.name,
                        "year": line.year,
                        "requested": indicators.display(line.amount_requested, indicators.EUROS),
                        "granted": indicators.display(line.amount_granted, indicators.EUROS)
                        if line.amount_granted is not None
                        else "",
                        "status": line.get_status_display(),
                    }
                    for line in project.funding_lines.all()
                ],
            }
        )
    return summaries


def funding_rows(rows):
    """The rows of `indicators.funding_per_funder`, each amount also written the French way (pack and dashboard)."""
    return [
        {
            "funder": row["funder__name"],
            "projects": row["projects"],
            "requested": _number(row["funding_requested"]),
            "granted": _number(row["funding_granted"]),
            "requested_display": indicators.display(row["funding_requested"], indicators.EUROS),
            "granted_display": indicators.display(row["funding_granted"], indicators.EUROS),
        }
        for row in rows
    ]


def snapshot_build(pack, *, step=lambda percent: None) -> dict:
    """The snapshot of `pack` (its committee and year), calling `step(percent)` between the reads."""
    committee, year = pack.committee, pack.year
    territory = committee.territory
    scope = {"year": year, "territory": territory}
    pipeline = indicators.pipeline_rows(**scope)
    values = indicators.indicators_for(**scope, pipeline=pipeline)
    step(20)
    targets = indicators.targets_for(**scope)
    quarters = indicators.quarterly_figures(**scope)
    step(30)
    decisions = _decision_rows(committee, year)
    summaries = _project_summaries(committee, year, decisions)
    step(40)
    funding = indicators.funding_per_funder(**scope)
    animation = indicators.animation_summary(**scope)
    step(50)
    return {
        "version": SNAPSHOT_VERSION,
        "committee": committee.name,
        "committee_kind": committee.get_kind_display(),
        "territory": territory.name if territory else "",
        "year": year,
        "number": pack.number,
        "built_at": date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT"),
        "foreword": pack.foreword,
        "next_year_plan": pack.next_year_plan,
        "indicators": indicator_rows(values, targets, sector=None),
        "quarters": _quarter_rows(quarters),
        "pipeline": [
            {"step": step_key, "label": label, "count": count}
            for step_key, label, count in indicators.pipeline_by_stage(pipeline)
        ],
        "per_territory": [
            {"name": name, "count": count} for name, count in indicators.projects_per(pipeline, by="territory")
        ],
        "per_sector": [
            {"name": name, "count": count} for name, count in indicators.projects_per(pipeline, by="sector")
        ],
        "decisions": decisions,
        "projects": summaries,
        "funding": funding_rows(funding),
        "funding_totals": {
            "requested_display": indicators.display(values["funding_requested"], indicators.EUROS),
            "granted_display": indicators.display(values["funding_granted"], indicators.EUROS),
        },
        "animation": {
            "kinds": animation["kinds"],
            "partners": [{"name": name, "events": events} for name, events in animation["partners"]],
        },
    }
