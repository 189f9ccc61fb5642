"""The pack build for a year of 2,000 projects with 200 on committee agendas: at most 60 s and 600 MB (PostgreSQL).

Run alone, it prints the figures: `pytest tests/governance/test_packs_scale.py -s` with DATABASE_URL on PostgreSQL.
"""

import datetime
import random
from decimal import Decimal

import pytest
from django.utils import timezone

from governance.models import AgendaItem, Decision, Meeting
from governance.packs.measure import measure_pack_build
from projects.models import FundingLine, Project, StageChange
from territories.models import Actor, AnimationEvent

from ..territories.factories import ActorFactory, EngagedTerritoryFactory, SectorFactory
from .factories import CommitteeFactory

YEAR = 2025
PROJECTS = 2000
ON_AGENDAS = 200
MAX_SECONDS = 60
MAX_MB = 600


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _year_of_projects(rng):
    territories = [EngagedTerritoryFactory() for _ in range(12)]
    sectors = [SectorFactory() for _ in range(5)]
    funders = [ActorFactory(kind=Actor.Kind.FUNDER) for _ in range(40)]
    partners = [ActorFactory() for _ in range(60)]
    stages = Project.Stage.values
    projects = []
    for index in range(PROJECTS):
        detected = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randrange(300))
        stage = rng.choice(stages)
        projects.append(
            Project(
                reference=f"FAB-{YEAR}-{index + 1:04d}",
                title=f"Projet mesuré {index}",
                territory=rng.choice(territories),
                sector=rng.choice(sectors),
                origin="diagnosis",
                summary="Un projet de mesure. " * 20,
                social_utility="Utilité sociale du projet. " * 10,
                stage=stage,
                stage_since=_at(detected),
                creation_date=detected + datetime.timedelta(days=60) if stage == "created" else None,
                jobs_created_fte=Decimal("2.5") if stage == "created" else 0,
                non_relocatable=index % 2 == 0,
            )
        )
    Project.objects.bulk_create(projects, batch_size=500)
    changes, lines = [], []
    for project in projects:
        day = project.stage_since
        changes.append(StageChange(project=project, from_stage="", to_stage="detected", at=day))
        previous = "detected"
        for position, stage in enumerate(Project.Stage.values[1 : Project.Stage.values.index(project.stage) + 1]):
            changes.append(
                StageChange(
                    project=project,
                    from_stage=previous,
                    to_stage=stage,
                    at=day + datetime.timedelta(days=5 * (position + 1)),
                )
            )
            previous = stage
        for _ in range(2):
            lines.append(
                FundingLine(
                    project=project,
                    funder=rng.choice(funders),
                    year=YEAR,
                    amount_requested=rng.randrange(1000, 50000),
                    amount_granted=rng.randrange(500, 20000),
                    status=rng.choice(FundingLine.Status.values),
                )
            )
    StageChange.objects.bulk_create(changes, batch_size=2000)
    FundingLine.objects.bulk_create(lines, batch_size=2000)
    events = [
        AnimationEvent(
            territory=rng.choice(territories),
            kind=rng.choice(AnimationEvent.Kind.values),
            title=f"Action {n}",
            date=datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randrange(360)),
            participants=rng.randrange(5, 60),
        )
        for n in range(300)
    ]
    AnimationEvent.objects.bulk_create(events)
    Through = AnimationEvent.partners_present.through
    Through.objects.bulk_create(
        [Through(animationevent=event, actor=actor) for event in events for actor in rng.sample(partners, 3)]
    )
    return projects


def _agendas(committee, projects, rng):
    meetings = [
        Meeting.objects.create(
            committee=committee,
            title=f"Séance {month}",
            starts_at=_at(datetime.date(YEAR, month, 10)),
            ends_at=_at(datetime.date(YEAR, month, 10)) + datetime.timedelta(hours=3),
            status=Meeting.Status.MINUTES_APPROVED,
        )
        for month in range(1, 11)
    ]
    items = AgendaItem.objects.bulk_create(
        [
            AgendaItem(meeting=meetings[index % len(meetings)], position=index // len(meetings) + 1, project=project)
            for index, project in enumerate(rng.sample(projects, ON_AGENDAS))
        ]
    )
    Decision.objects.bulk_create(
        [
            Decision(
                agenda_item=item,
                project_id=item.project_id,
                outcome=rng.choice(Decision.Outcome.values),
                decided_on=timezone.localtime(item.meeting.starts_at).date(),
                conditions="Sous réserve du plan de financement.",
            )
            for item in items
        ]
    )


@pytest.mark.django_db
def test_pack_build_of_a_year_of_2000_projects(postgresql):
    rng = random.Random(2025)
    projects = _year_of_projects(rng)
    committee = CommitteeFactory(name="Comité de pilotage régional mesuré")
    _agendas(committee, projects, rng)
    figures = measure_pack_build(committee=committee, year=YEAR)
    print(f"\npack build, {PROJECTS} projects, {ON_AGENDAS} on agendas: {figures}")
    assert figures["projects"] == ON_AGENDAS
    assert figures["seconds"] <= MAX_SECONDS
    # What the build itself adds to the process: the test process's own memory, which grows with the tests run
    # before it, is not the pack's (`manage.py bench` prints the peak of a process doing the build alone).
    assert figures["peak_mb"] - figures["start_mb"] <= MAX_MB
