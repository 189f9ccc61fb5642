"""A year of known data (2025) whose every indicator is worked out by hand, for the indicator and pack tests."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from projects.models import Project, StageChange
from territories.models import Actor

from ..projects.factories import FundingLineFactory, JournalEntryFactory, ProjectFactory
from ..territories.factories import ActorFactory, AnimationEventFactory, EngagedTerritoryFactory, SectorFactory
from .factories import AgendaItemFactory, CommitteeFactory, DecisionFactory, MeetingFactory, TargetFactory

YEAR = 2025


def at(day: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def d(text):
    return datetime.date.fromisoformat(text)


def project(*, territory, sector=None, detected, steps=(), stage="detected", side_state="", **fields):
    """A project detected on `detected`, walking `steps` [(from, to, day)] (recorded as stage changes)."""
    made = ProjectFactory(territory=territory, sector=sector, stage=stage, side_state=side_state, **fields)
    Project.objects.filter(pk=made.pk).update(created_at=at(d(detected)))
    StageChange.objects.create(project=made, from_stage="", to_stage="detected", at=at(d(detected)))
    for from_stage, to_stage, day in steps:
        StageChange.objects.create(project=made, from_stage=from_stage, to_stage=to_stage, at=at(d(day)))
    made.refresh_from_db()
    return made


@dataclass
class KnownYear:
    territory: object
    other: object
    sector: object
    other_sector: object
    committee: object
    projects: dict
    expected_region: dict
    expected_territory: dict
    expected_sector: dict


def known_year() -> KnownYear:
    territory = EngagedTerritoryFactory(name="Beauvaisis connu", slug="beauvaisis-connu")
    other = EngagedTerritoryFactory(name="Amiens connu", slug="amiens-connu")
    sector, other_sector = SectorFactory(name="Mobilité connue"), SectorFactory(name="Habitat connu")
    p1 = project(
        territory=territory,
        sector=sector,
        detected="2025-02-10",
        stage="created",
        creation_date=d("2025-08-10"),
        jobs_created_fte=Decimal("3.5"),
        non_relocatable=True,
        leader_name="Jeanne Secrète",
        leader_email="jeanne.secrete@example.org",
        leader_phone="06 11 22 33 44",
        summary="Garage solidaire pour les personnes en insertion.",
        steps=[
            ("detected", "opportunity_study", "2025-03-01"),
            ("opportunity_study", "leader_search", "2025-05-01"),
            ("leader_search", "transmitted", "2025-06-01"),
            ("transmitted", "incubation", "2025-07-01"),
            ("incubation", "created", "2025-08-10"),
        ],
    )
    p2 = project(
        territory=territory,
        sector=other_sector,
        detected="2025-04-01",
        stage="opportunity_study",
        steps=[("detected", "opportunity_study", "2025-10-01")],
    )
    p3 = project(
        territory=territory,
        sector=sector,
        detected="2024-05-01",
        stage="opportunity_study",
        side_state="abandoned",
        steps=[("detected", "opportunity_study", "2024-06-01"), ("opportunity_study", "abandoned", "2025-03-15")],
    )
    # No stage change recorded: counted where it stands.
    p4 = ProjectFactory(
        territory=other,
        stage="created",
        creation_date=d("2025-11-20"),
        jobs_created_fte=Decimal("2.0"),
        non_relocatable=False,
    )
    Project.objects.filter(pk=p4.pk).update(created_at=at(d("2025-01-05")))
    survivors = []
    for day, alive in (("2022-06-01", True), ("2022-09-01", False), ("2022-10-01", None)):
        made = ProjectFactory(territory=territory, stage="created", creation_date=d(day), still_active_3y=alive)
        Project.objects.filter(pk=made.pk).update(created_at=at(d("2021-01-01")))
        survivors.append(made)
    later = ProjectFactory(territory=territory)
    Project.objects.filter(pk=later.pk).update(created_at=at(d("2026-01-10")))

    committee = CommitteeFactory(name="Comité de pilotage connu")
    spring = MeetingFactory(
        committee=committee,
        starts_at=at(d("2025-04-30")),
        ends_at=at(d("2025-04-30")) + datetime.timedelta(hours=2),
        status="minutes_approved",
    )
    march = MeetingFactory(
        committee=committee,
        starts_at=at(d("2025-03-15")),
        ends_at=at(d("2025-03-15")) + datetime.timedelta(hours=2),
        status="held",
    )
    DecisionFactory(agenda_item=AgendaItemFactory(meeting=spring, project=p1), outcome="go", decided_on=d("2025-04-30"))
    DecisionFactory(
        agenda_item=AgendaItemFactory(meeting=march, project=p3),
        outcome="no_go",
        decided_on=d("2025-03-15"),
        conditions="Marché trop étroit.",
    )
    amended = DecisionFactory(
        agenda_item=AgendaItemFactory(meeting=spring, project=p2), outcome="go", decided_on=d("2025-04-30")
    )
    DecisionFactory(agenda_item=amended.agenda_item, outcome="postpone", decided_on=d("2025-04-30"), amends=amended)
    JournalEntryFactory(project=p1, text="Note interne confidentielle du référent.", is_internal=True)

    a1, a2, a3 = (ActorFactory(name=f"Partenaire connu {n}") for n in (1, 2, 3))
    session = AnimationEventFactory(territory=territory, date=d("2025-03-10"), participants=12, ideas_produced=4)
    session.partners_present.set([a1, a2])
    second = AnimationEventFactory(territory=territory, date=d("2025-09-10"), participants=8)
    second.partners_present.set([a2])
    meeting = AnimationEventFactory(
        territory=territory, kind="territory_meeting", date=d("2025-05-05"), participants=30
    )
    meeting.partners_present.set([a3])
    AnimationEventFactory(territory=other, date=d("2025-04-01"), participants=5)
    AnimationEventFactory(territory=territory, date=d("2024-12-01"), participants=99)

    f1, f2, f3 = (ActorFactory(name=f"Financeur connu {n}", kind=Actor.Kind.FUNDER) for n in (1, 2, 3))
    FundingLineFactory(project=p1, funder=f1, year=2025, amount_requested=10000, amount_granted=8000, status="granted")
    FundingLineFactory(project=p2, funder=f2, year=2025, amount_requested=5000, status="requested")
    FundingLineFactory(project=p3, funder=f1, year=2025, amount_requested=3000, status="planned")
    FundingLineFactory(project=p1, funder=f3, year=2024, amount_requested=1000, amount_granted=1000, status="granted")
    FundingLineFactory(project=p4, funder=f2, year=2025, amount_requested=2000, amount_granted=2000, status="paid")

    TargetFactory(year=YEAR, territory=None, indicator="ideas_detected", value=10)
    TargetFactory(year=YEAR, territory=territory, indicator="ideas_detected", value=4)
    TargetFactory(year=YEAR, territory=None, indicator="jobs_created", value=11)

    expected_region = {
        "ideas_detected": 3,
        "creativity_sessions": 3,
        "creativity_participants": 25,
        "studies_launched": 2,
        "studies_in_progress": 1,
        "studies_concluded": 2,
        "decisions_go": 1,
        "decisions_no_go": 1,
        "projects_transmitted": 1,
        "enterprises_created": 2,
        "jobs_created": Decimal("5.5"),
        "jobs_non_relocatable": Decimal("3.5"),
        "funding_requested": Decimal("17000"),
        "funding_granted": Decimal("10000"),
        "partners_mobilised": 5,
        # (181 + 319 days) / 2 / 30.4375
        "median_months_to_creation": Decimal("8.2"),
        "survival_3y": Decimal("50.0"),
    }
    expected_territory = {
        **expected_region,
        "ideas_detected": 2,
        "creativity_sessions": 2,
        "creativity_participants": 20,
        "enterprises_created": 1,
        "jobs_created": Decimal("3.5"),
        "funding_requested": Decimal("15000"),
        "funding_granted": Decimal("8000"),
        "partners_mobilised": 4,
        "median_months_to_creation": Decimal("5.9"),
    }
    expected_sector = {
        "ideas_detected": 1,
        "creativity_sessions": None,
        "creativity_participants": None,
        "studies_launched": 1,
        "studies_in_progress": 0,
        "studies_concluded": 2,
        "decisions_go": 1,
        "decisions_no_go": 1,
        "projects_transmitted": 1,
        "enterprises_created": 1,
        "jobs_created": Decimal("3.5"),
        "jobs_non_relocatable": Decimal("3.5"),
        "funding_requested": Decimal("10000"),
        "funding_granted": Decimal("8000"),
        "partners_mobilised": 1,
        "median_months_to_creation": Decimal("5.9"),
        "survival_3y": None,
    }
    return KnownYear(
        territory=territory,
        other=other,
        sector=sector,
        other_sector=other_sector,
        committee=committee,
        projects={"p1": p1, "p2": p2, "p3": p3, "p4": p4, "survivors": survivors, "later": later},
        expected_region=expected_region,
        expected_territory=expected_territory,
        expected_sector=expected_sector,
    )
