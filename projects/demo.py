"""Loads the projects' demonstration data (`demo_data`): the library's inspiring initiatives, then about thirty
projects of the five pilots, at every stage (one of them replicating an initiative).

A project is created once, with its reference of the year it was detected, and walks its path through the one
table of allowed moves (`stages.check_move` checks every step, as `project_move_to_stage` would); its stage
changes are written with their dates in the past, which the service, writing the present, cannot do. Later runs
bring the project's fields, journal, next steps and funding lines back to the data, writing only what differs
(`core.seeding.upsert`): a second run on the same day creates nothing. Documents are small generated PDFs,
stored through Django's storage. The opportunity a project starts from goes « en projet » through the service.
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from core.roles import Role
from core.seeding import upsert
from territories.demo import DEMO, DEMO_NOTE
from territories.demo_data import CRESS
from territories.models import Actor, EngagedTerritory, Need, Opportunity, Region, Sector

from .demo_data import (
    COMMITTEE,
    FUNDERS,
    INITIATIVE_NOTE,
    INITIATIVES,
    LATEST_JOURNAL,
    PROJECTS,
    STAGE_DOCUMENTS,
    STEP_JOURNAL,
)
from .models import (
    FundingLine,
    Initiative,
    JournalEntry,
    NextStep,
    Project,
    ProjectDocument,
    ReferenceCounter,
    StageChange,
    StopReason,
)
from .notifications import next_step_reminders_plan
from .services.projects import _opportunity_in_project
from .stages import STOP_STATES, check_move

STAGE_ORDER = list(Project.Stage.values)
LEADER_NOTE = "Porteur·se de projet (démonstration)"


def _described(text):
    return f"{text} {DEMO_NOTE}"


def _at(days_ago, today):
    day = today - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def demo_pdf(title, lines=()):
    """A small valid PDF (one A4 page, Helvetica) with a title and a few lines: enough to be downloaded and
    opened, built by hand to keep the demonstration fast."""

    def text(value):
        escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return escaped.encode("cp1252", errors="replace")

    content = b"BT /F1 16 Tf 56 780 Td (" + text(title) + b") Tj /F1 11 Tf"
    for line in [*lines, "Document fictif de démonstration."]:
        content += b" 0 -24 Td (" + text(line) + b") Tj"
    content += b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    pdf = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    pdf += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    pdf += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return pdf


def funders_seed():
    """The funders of the demonstration, by key: the territories' actors where they exist, added otherwise."""
    return {key: upsert(Actor, {"name": name}, {"kind": kind}) for key, (name, kind) in FUNDERS.items()}


def _reached(spec):
    """The furthest stage of the project's path (a side state keeps the stage it left)."""
    stages = [step for step, *_rest in spec["path"] if step not in STOP_STATES]
    return stages[-1]


def _fields(spec, *, territory, sectors, actors, opportunity, initiatives, today):
    reached = _reached(spec)
    created = spec.get("created", {})
    fields = {
        "sector": sectors[spec["sector"]],
        "origin": spec["origin"],
        "opportunity": opportunity,
        "initiative": initiatives[spec["initiative"]] if spec.get("initiative") else None,
        "referent_actor": territory.referent_actor,
        "summary": _described(spec["summary"]),
        "social_utility": spec.get("social_utility", ""),
        "target_public": spec.get("target_public", ""),
        "target_legal_form": spec.get("target_legal_form", ""),
        "leader_structure": actors[spec["leader_structure"]] if spec.get("leader_structure") else None,
        "leader_name": LEADER_NOTE if spec.get("leader_person") else "",
        "leader_email": f"porteur.{territory.slug}@example.org" if spec.get("leader_person") else "",
        "leader_phone": "",
        "jobs_planned_fte": Decimal(spec.get("jobs_planned", "0")),
        "jobs_created_fte": Decimal(spec.get("jobs_created", "0")),
        "non_relocatable": True,
        "budget": Decimal(spec["budget"]) if spec.get("budget") else None,
        "creation_date": (today - datetime.timedelta(days=created["days_ago"])) if created else None,
        "siret": created.get("siret", ""),
        "still_active_1y": True if "jobs_1y" in created else None,
        "jobs_1y": Decimal(created["jobs_1y"]) if "jobs_1y" in created else None,
        "still_active_3y": True if "jobs_3y" in created else None,
        "jobs_3y": Decimal(created["jobs_3y"]) if "jobs_3y" in created else None,
    }
    if reached != Project.Stage.CREATED:
        fields["jobs_created_fte"] = Decimal("0")
    return fields


def _create(spec, *, territory, fields, coordinator, recorded_by, stop_reasons, today):
    """Write a new project and its stage changes, each move checked against the table of allowed moves."""
    path = spec["path"]
    detected_at = _at(path[0][1], today)
    year = detected_at.year
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    project = Project(
        territory=territory,
        title=f"{DEMO} {spec['title']}",
        reference=f"FAB-{year}-{counter.last:04d}",
        stage=Project.Stage.DETECTED,
        stage_since=detected_at,
        recorded_by=recorded_by,
        **fields,
    )
    changes = [StageChange(from_stage="", to_stage=Project.Stage.DETECTED, at=detected_at, by=recorded_by)]
    for step, days_ago, *reason in path[1:]:
        at = _at(days_ago, today)
        reason = reason[0] if reason else ""
        stop_reason = stop_reasons.get(reason) if step in STOP_STATES else None
        written = "" if stop_reason else reason
        without_decision = check_move(
            project, by=coordinator, to_step=step, reason=written or COMMITTEE, stop_reason=stop_reason
        )
        changes.append(
            StageChange(
                from_stage=project.side_state or project.stage,
                to_stage=step,
                at=at,
                by=coordinator if without_decision else recorded_by,
                reason=COMMITTEE if without_decision else written,
                stop_reason=stop_reason,
                is_without_decision=without_decision,
            )
        )
        if step in STOP_STATES:
            project.side_state = step
        else:
            project.stage, project.stage_since = step, at
    project._history_user = recorded_by
    project.save()
    Project.objects.filter(pk=project.pk).update(created_at=detected_at)
    for change in changes:
        change.project = project
        change.save()
    return project


def _journal(project, spec, *, by, today):
    """A journal entry on the day of each step, and the latest one `quiet_days` ago."""
    entries = []
    for step, days_ago, *_reason in spec["path"][1:]:
        kind, text = STEP_JOURNAL[step]
        entries.append((today - datetime.timedelta(days=days_ago), kind, text, step != "leader_search"))
    if spec["quiet_days"] < spec["path"][-1][1]:
        kind, text = LATEST_JOURNAL
        entries.append((today - datetime.timedelta(days=spec["quiet_days"]), kind, text, False))
    for day, kind, text, internal in entries:
        upsert(
            JournalEntry,
            {"project": project, "kind": kind, "text": text},
            {"date": day, "is_internal": internal, "by": by},
        )


def _next_steps(project, spec, *, owner, today):
    """A done step a while ago, and the open one of the data (overdue when its delay is negative)."""
    first = spec["path"][0][1]
    upsert(
        NextStep,
        {"project": project, "text": "Présenter l’idée au comité technique"},
        {
            "owner": owner,
            "by": owner,
            "due_date": today - datetime.timedelta(days=max(0, first - 20)),
            "done_at": _at(max(0, first - 21), today),
        },
    )
    if spec.get("next_step"):
        text, due_in = spec["next_step"]
        upsert(
            NextStep,
            {"project": project, "text": text},
            {"owner": owner, "by": owner, "due_date": today + datetime.timedelta(days=due_in), "done_at": None},
        )


def _funding(project, spec, *, funders, by, today):
    for key, years_ago, scheme, requested, granted, status in spec.get("funding", []):
        upsert(
            FundingLine,
            {"project": project, "funder": funders[key], "year": today.year - years_ago, "scheme": scheme},
            {
                "amount_requested": Decimal(requested),
                "amount_granted": Decimal(granted) if granted else None,
                "status": status,
                "recorded_by": by,
            },
        )


def _documents(project, spec, *, by):
    """The documents of the stages the project has passed, stored once (a later run leaves them)."""
    reached = STAGE_ORDER.index(_reached(spec))
    for stage, kind, title, internal in STAGE_DOCUMENTS:
        if reached < STAGE_ORDER.index(stage) or project.documents.filter(title=title).exists():
            continue
        content = demo_pdf(title, [project.reference, project.title.removeprefix(f"{DEMO} ")])
        name = f"{kind}.pdf"
        ProjectDocument.objects.create(
            project=project,
            kind=kind,
            title=title,
            file=ContentFile(content, name=name),
            content_type="application/pdf",
            size=len(content),
            original_name=name,
            is_internal=internal,
            uploaded_by=by,
        )


def _dates(project):
    """The two dates a stalled project is read from, as the journal and next-step services keep them."""
    last_entry = project.journal_entries.aggregate(last=Max("date"))["last"]
    last_move = project.stage_changes.aggregate(last=Max("at"))["last"]
    days = [day for day in (last_entry, last_move and timezone.localdate(last_move)) if day]
    due = project.next_steps.filter(done_at__isnull=True).aggregate(first=Min("due_date"))["first"]
    wanted = {"last_activity_on": max(days), "next_step_due": due}
    if any(getattr(project, name) != value for name, value in wanted.items()):
        Project.objects.filter(pk=project.pk).update(**wanted)


def _regions(codes):
    """The regions of these INSEE codes, by code. The demonstration's geography is the former Picardie's; the
    other regions the initiatives come from are added from the same official file as `load_territories` reads
    (code and official name, which a later `load_territories --all` finds as it would have written them). A
    code neither loaded nor in the file leaves the initiative without a region."""
    regions = {region.code: region for region in Region.objects.filter(code__in=codes)}
    missing = set(codes) - set(regions)
    if missing:
        try:
            records = json.loads((Path(settings.TERRITORY_DATA_DIR) / "regions.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            records = []
        for record in records:
            if isinstance(record, dict) and record.get("code") in missing:
                regions[record["code"]] = Region.objects.create(code=record["code"], name=record["nom"])
    return regions


def initiatives_seed(*, by):
    """Create or refresh the library's demonstration initiatives, by title; returns them by title."""
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    regions = _regions({spec["region"] for spec in INITIATIVES})
    initiatives = {}
    for spec in INITIATIVES:
        values = {
            "summary": spec["summary"],
            "description": f"{spec['description']} {INITIATIVE_NOTE}",
            "origin_region": regions.get(spec["region"]),
            "origin_town": spec["town"],
            "sector": sectors.get(spec["sector"]),
            "target_public": spec["public"],
            "economic_model": spec["model"],
            "legal_form": spec["legal_form"],
            "structure_name": spec["structure"],
            "year_started": spec["year"],
            "jobs_fte": Decimal(spec["jobs"]),
            "results": spec["results"],
            "replication_conditions": spec["conditions"],
            "tags": spec["tags"],
            "status": spec.get("status", Initiative.Status.PUBLISHED),
            "recorded_by": by,
        }
        initiatives[spec["title"]] = upsert(Initiative, {"title": spec["title"]}, values)
    return initiatives


@transaction.atomic
def seed():
    """Create or refresh the demonstration projects (after `territories.demo`); returns them."""
    today = timezone.localdate()
    users = get_user_model().objects
    coordinator = users.filter(organisation__name=CRESS, role=Role.COORDINATOR).order_by("pk").first()
    territories = {t.name: t for t in EngagedTerritory.objects.select_related("referent_actor")}
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    funders = funders_seed()
    actors = {actor.name: actor for actor in Actor.objects.filter(name__endswith="(démonstration)")}
    stop_reasons = {reason.name: reason for reason in StopReason.objects.all()}
    initiatives = initiatives_seed(by=coordinator)
    projects = []
    for spec in PROJECTS:
        territory = territories[spec["territory"]]
        referent = users.filter(organisation=territory.referent_actor, role=Role.REFERENT).order_by("pk").first()
        by = referent or coordinator
        needs = list(Need.objects.filter(territory=territory, title__in=[f"{DEMO} {t}" for t in spec["needs"]]))
        opportunity = None
        if spec.get("opportunity"):
            opportunity = Opportunity.objects.get(territory=territory, title=f"{DEMO} {spec['opportunity']}")
        context = {
            "territory": territory,
            "sectors": sectors,
            "actors": actors,
            "initiatives": initiatives,
            "today": today,
        }
        fields = _fields(spec, opportunity=opportunity, **context)
        title = f"{DEMO} {spec['title']}"
        project = Project.objects.filter(territory=territory, title=title).first()
        if project is None:
            project = _create(
                spec,
                territory=territory,
                fields=fields,
                coordinator=coordinator,
                recorded_by=by,
                stop_reasons=stop_reasons,
                today=today,
            )
        else:
            project = upsert(Project, {"pk": project.pk}, fields)
        if {need.pk for need in needs} != set(project.needs.values_list("pk", flat=True)):
            project.needs.set(needs)
        if referent and not project.referent_users.filter(pk=referent.pk).exists():
            project.referent_users.add(referent)
        _opportunity_in_project(opportunity, by=by)
        _journal(project, spec, by=by, today=today)
        _next_steps(project, spec, owner=by, today=today)
        _funding(project, spec, funders=funders, by=by, today=today)
        _documents(project, spec, by=by)
        _dates(project)
        projects.append(project)
    # The referents' reminders of their overdue next steps, in their slots of the week to come: what the
    # coordinator's « Envois » page shows as planned (nothing is sent now).
    next_step_reminders_plan()
    return projects
