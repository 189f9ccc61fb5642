"""National-scale data of the governance app, written in bulk for `manage.py seed_scale` and the benchmark.

At scale 1: the region's steering committee (six meetings a year) and technical committee (four a year) since
FIRST_YEAR, and a steering committee per scale territory, 2,000 meetings in all, with their members (the
partner's organisation sits on the region's committee and on one territorial committee in ten), agenda items
on the scale projects, the decisions of the held meetings (most linked to the stage change they opened, which
is then no longer « sans décision du comité »), attendance, action items and minutes. In PACK_YEAR (last
year) the region's committee has 200 distinct projects on its agendas: the pack benchmark builds that year.
Rows come from a fixed random seed and `bulk_create` in batches: no `save()`, no signal, no history row. A
database that already holds them is left as it is.
"""

import bisect
import datetime
import random
import time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from projects.models import Project, StageChange
from projects.scale import FIRST_YEAR
from territories.models import Actor, EngagedTerritory
from territories.scale import BATCH_SIZE, CRESS_NAME, FUNDER_NAME, MARK, SLUG_PREFIX, ScaleReport

from .models import ActionItem, AgendaItem, Attendance, Committee, CommitteeMember, Decision, Meeting

RANDOM_SEED = 2028
FULL_SCALE = {"meetings": 2000, "projects on the pack year's agendas": 200}
MINIMUM = {"meetings": 40, "projects on the pack year's agendas": 10}
REGION_STEERING = f"Comité de pilotage régional {MARK}"
REGION_TECHNICAL = f"Comité technique régional {MARK}"
# Months of the region's meetings: the steering committee every other month, the technical one each quarter.
STEERING_MONTHS = (1, 3, 5, 7, 9, 11)
TECHNICAL_MONTHS = (2, 4, 6, 10)
# A territory's committee sits on the decisions of the stage changes of the next DECISION_WINDOW days.
DECISION_WINDOW = 90
ITEMS_PER_MEETING = 4
# A meeting's minutes are approved a while after it; closer to today they are still a draft.
APPROVAL_DAYS = 60
DECIDED_STEPS = {
    "opportunity_study": Decision.Outcome.LAUNCH_STUDY,
    "leader_search": Decision.Outcome.GO,
    "transmitted": Decision.Outcome.APPROVE_TRANSFER,
    "abandoned": Decision.Outcome.NO_GO,
}
OTHER_OUTCOMES = [Decision.Outcome.POSTPONE, Decision.Outcome.GRANT_FUNDING, Decision.Outcome.OTHER]
TOPICS = ["Point d’étape sur les indicateurs", "Programme des études de l’année", "Questions diverses"]
ACTIONS = [
    "Transmettre le compte rendu aux membres",
    "Relancer un financeur sur le calendrier",
    "Préparer le dossier du prochain comité",
    "Organiser une visite du projet",
]
MINUTES = (
    "## Décisions\n\nLe comité examine les projets inscrits à l’ordre du jour et rend ses décisions.\n\n"
    "## Points divers\n\nCompte rendu généré pour la mesure à l’échelle nationale."
)


def pack_year(today=None) -> int:
    """The year the pack benchmark builds: last year, whole."""
    return (today or timezone.localdate()).year - 1


def row_counts(scale: float) -> dict:
    """The number of rows of each kind at `scale` (1 = the whole of France)."""
    return {name: max(MINIMUM[name], round(count * scale)) for name, count in FULL_SCALE.items()}


def is_seeded() -> bool:
    return Committee.objects.filter(name__endswith=MARK).exists()


def scale_seed(*, scale: float = 1.0, load_geography: bool = True) -> ScaleReport:
    """Write the governance app's scale data on the scale projects; leaves a database that holds it untouched."""
    started = time.monotonic()
    report = ScaleReport()
    if is_seeded() or not Project.objects.filter(title__endswith=MARK).exists():
        report.already_seeded = is_seeded()
    else:
        with transaction.atomic():
            _Generator(scale, report).run()
    report.seconds = time.monotonic() - started
    return report


def _bulk(model, rows, report, label):
    created = model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    report.created[label] = report.created.get(label, 0) + len(created)
    return created


def _weekday(day):
    """A meeting falling on a weekend moves to the Friday before."""
    return day - datetime.timedelta(days=max(0, day.weekday() - 4))


class _Generator:
    def __init__(self, scale, report):
        self.random = random.Random(RANDOM_SEED)
        self.counts = row_counts(scale)
        self.scale = scale
        self.report = report
        self.today = timezone.localdate()
        self.pack_year = pack_year(self.today)

    def run(self):
        territories = list(
            EngagedTerritory.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk").values_list("pk", "name")
        )
        committees = self.committees(territories)
        self.members(committees)
        meetings = self.meetings(committees)
        self.agendas(meetings)
        self.attendance(meetings)
        self.actions(meetings)

    # --- committees and members ------------------------------------------------------------------------

    def committees(self, territories):
        rows = [
            Committee(name=REGION_STEERING, kind=Committee.Kind.STEERING, purpose="Comité régional de mesure."),
            Committee(name=REGION_TECHNICAL, kind=Committee.Kind.TECHNICAL, purpose="Comité régional de mesure."),
        ] + [
            Committee(
                name=f"Comité de pilotage — {name.removesuffix(MARK).strip()} {MARK}",
                kind=Committee.Kind.STEERING,
                territory_id=pk,
                purpose="Comité territorial de mesure.",
            )
            for pk, name in territories
        ]
        return _bulk(Committee, rows, self.report, "comités")

    def members(self, committees):
        authorities = list(
            Actor.objects.filter(
                name__endswith=MARK, kind__in=[Actor.Kind.LOCAL_AUTHORITY, Actor.Kind.FUNDER]
            ).values_list("pk", flat=True)[:400]
        )
        cress = Actor.objects.get(name=CRESS_NAME).pk
        funder = Actor.objects.get(name=FUNDER_NAME).pk
        start = datetime.date(FIRST_YEAR, 1, 1)
        rows = []
        self.seats = {}
        for index, committee in enumerate(committees):
            regional = committee.territory_id is None
            actors = [cress, *self.random.sample(authorities, 8 if regional else 4)]
            # The partner's organisation: on the region's committees and one territorial committee in ten.
            if regional or index % 10 == 0:
                actors.append(funder)
            seats = [
                CommitteeMember(
                    committee_id=committee.pk,
                    actor_id=actor,
                    representative_name=f"Représentant·e {number + 1} {MARK}",
                    representative_email=f"membre-{committee.pk}-{number + 1}@example.org",
                    position=CommitteeMember.Position.CHAIR if number == 1 else CommitteeMember.Position.MEMBER,
                    start_on=start,
                )
                for number, actor in enumerate(actors)
            ]
            rows += seats
            self.seats[committee.pk] = seats
        _bulk(CommitteeMember, rows, self.report, "membres des comités")

    # --- meetings ----------------------------------------------------------------------------------------

    def status(self, day):
        if day > self.today:
            return Meeting.Status.CONVENED if (day - self.today).days <= 60 else Meeting.Status.PLANNED
        if (self.today - day).days > APPROVAL_DAYS:
            return Meeting.Status.MINUTES_APPROVED
        return Meeting.Status.HELD

    def meeting(self, committee, day, number):
        starts_at = timezone.make_aware(datetime.datetime.combine(_weekday(day), datetime.time(14)))
        status = self.status(starts_at.date())
        past = status in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED)
        return Meeting(
            committee_id=committee.pk,
            title=f"Séance n° {number} {MARK}",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=3),
            place="Maison régionale de l’ESS",
            status=status,
            minutes=MINUTES if past else "",
            convened_at=starts_at - datetime.timedelta(days=21) if status != Meeting.Status.PLANNED else None,
            convocation_count=0 if status == Meeting.Status.PLANNED else 1,
            minutes_approved_at=starts_at + datetime.timedelta(days=30)
            if status == Meeting.Status.MINUTES_APPROVED
            else None,
        )

    def meetings(self, committees):
        steering, technical, *territorial = committees
        years = max(2, min(self.today.year - FIRST_YEAR + 1, round((self.today.year - FIRST_YEAR + 1) * self.scale)))
        first_year = self.today.year - years + 1
        rows = []
        for committee, months in ((steering, STEERING_MONTHS), (technical, TECHNICAL_MONTHS)):
            days = [
                datetime.date(year, month, 12) for year in range(first_year, self.today.year + 2) for month in months
            ]
            # Up to the first two meetings after today: the next one convened (or planned), one planned.
            upcoming = [day for day in days if day > self.today][:2]
            days = [day for day in days if day <= self.today] + upcoming
            rows += [self.meeting(committee, day, number) for number, day in enumerate(days, start=1)]
        remaining = max(len(territorial), self.counts["meetings"] - len(rows))
        span = (self.today - datetime.date(first_year, 1, 1)).days + 120
        per_committee = {}
        for index in range(remaining):
            committee = territorial[index % len(territorial)]
            day = datetime.date(first_year, 1, 1) + datetime.timedelta(days=self.random.randrange(span))
            per_committee.setdefault(committee.pk, []).append((committee, day))
        for dated in per_committee.values():
            for number, (committee, day) in enumerate(sorted(dated, key=lambda pair: pair[1]), start=1):
                rows.append(self.meeting(committee, day, number))
        self.steering_id = steering.pk
        self.committee_territory = {committee.pk: committee.territory_id for committee in committees}
        return _bulk(Meeting, rows, self.report, "séances")

    # --- agendas and decisions ---------------------------------------------------------------------------

    def changes(self):
        """{territory: [(day, change pk, project pk, outcome)]} of the scale projects' stage changes a committee
        decision opens, sorted by day."""
        found = {}
        rows = StageChange.objects.filter(
            project__title__endswith=MARK, to_stage__in=list(DECIDED_STEPS), at__year__gte=FIRST_YEAR
        ).values_list("pk", "project_id", "project__territory_id", "to_stage", "from_stage", "at")
        for pk, project, territory, to_stage, from_stage, at in rows.iterator(chunk_size=BATCH_SIZE):
            # A step back to leader_search is no decision.
            if to_stage == "leader_search" and from_stage != "opportunity_study":
                continue
            found.setdefault(territory, []).append((timezone.localdate(at), pk, project, DECIDED_STEPS[to_stage]))
        for entries in found.values():
            entries.sort()
        return found

    def agendas(self, meetings):
        changes = self.changes()
        regional = sorted(entry for entries in changes.values() for entry in entries)
        projects = {}
        for pk, territory in Project.objects.filter(title__endswith=MARK).values_list("pk", "territory_id"):
            projects.setdefault(territory, []).append(pk)
        every_project = [pk for pks in projects.values() for pk in pks]
        used = set()
        steering_pack_year = [
            m for m in meetings if m.committee_id == self.steering_id and m.starts_at.year == self.pack_year
        ]
        wanted = self.counts["projects on the pack year's agendas"]
        # The wanted number of projects shared out over the year's meetings, the first ones taking one more.
        share, extra = divmod(wanted, max(1, len(steering_pack_year)))
        per_pack_meeting = {m.pk: share + (index < extra) for index, m in enumerate(steering_pack_year)}
        pack_year_projects = set()
        plan = []  # (meeting, [(project, change pk or None, outcome or None)])
        for meeting in meetings:
            if self.committee_territory[meeting.committee_id] is None and meeting.committee_id != self.steering_id:
                plan.append((meeting, []))  # the technical committee: topics alone
                continue
            territory = self.committee_territory[meeting.committee_id]
            pool = regional if territory is None else changes.get(territory, [])
            in_pack_year = meeting.pk in per_pack_meeting
            count = per_pack_meeting[meeting.pk] if in_pack_year else ITEMS_PER_MEETING
            # The region's committee takes distinct projects across the pack year.
            seen = pack_year_projects if in_pack_year else set()
            chosen = self.items(meeting, pool, used, seen, count, projects.get(territory) or every_project)
            plan.append((meeting, chosen))
        items, decisions, linked = [], [], []
        for meeting, chosen in plan:
            position = 0
            for position, (project, _change, _outcome) in enumerate(chosen, start=1):
                items.append(AgendaItem(meeting_id=meeting.pk, position=position, project_id=project))
            items.append(
                AgendaItem(meeting_id=meeting.pk, position=position + 1, topic=self.random.choice(TOPICS), project=None)
            )
        items = _bulk(AgendaItem, items, self.report, "points de l’ordre du jour")
        by_meeting = {}
        for item in items:
            by_meeting.setdefault(item.meeting_id, []).append(item)
        for meeting, chosen in plan:
            if meeting.status not in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED):
                continue
            day = meeting.starts_at.date()
            for item, (project, change, outcome) in zip(by_meeting[meeting.pk], chosen, strict=False):
                outcome = outcome or self.random.choice(OTHER_OUTCOMES)
                amount = None
                if outcome == Decision.Outcome.GRANT_FUNDING:
                    amount = Decimal(self.random.randrange(5, 60) * 1000)
                decisions.append(
                    Decision(
                        agenda_item_id=item.pk,
                        project_id=project,
                        outcome=outcome,
                        amount=amount,
                        rationale="Décision générée pour la mesure à l’échelle nationale.",
                        decided_on=day,
                        stage_change_id=change,
                    )
                )
                if change:
                    linked.append(change)
        _bulk(Decision, decisions, self.report, "décisions")
        for start in range(0, len(linked), BATCH_SIZE):
            StageChange.objects.filter(pk__in=linked[start : start + BATCH_SIZE]).update(is_without_decision=False)

    def items(self, meeting, pool, used, seen, count, projects):
        """The projects of a meeting's agenda: first those whose stage change comes within DECISION_WINDOW days
        of the meeting (a past meeting decides it), then others of its territory."""
        day = meeting.starts_at.date()
        chosen = []
        past = meeting.status in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED)
        if past:
            start = bisect.bisect_right(pool, (day, float("inf")))
            end = bisect.bisect_right(pool, (day + datetime.timedelta(days=DECISION_WINDOW), float("inf")))
            for _day, change, project, outcome in pool[start:end]:
                if len(chosen) == count:
                    break
                if change in used or project in seen:
                    continue
                used.add(change)
                seen.add(project)
                chosen.append((project, change, outcome))
        tries = 0
        while len(chosen) < count and tries < count * 5:
            tries += 1
            project = self.random.choice(projects)
            if project not in seen:
                seen.add(project)
                chosen.append((project, None, None))
        return chosen

    # --- attendance and action items ----------------------------------------------------------------------

    def attendance(self, meetings):
        rows = []
        statuses = Attendance.Status.values
        for meeting in meetings:
            if meeting.status not in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED):
                continue
            for member in self.seats[meeting.committee_id]:
                status = self.random.choices(statuses, [70, 15, 5, 10])[0]
                rows.append(
                    Attendance(
                        meeting_id=meeting.pk,
                        member_id=member.pk,
                        status=status,
                        represented_by="Suppléant·e" if status == Attendance.Status.REPRESENTED else "",
                    )
                )
        _bulk(Attendance, rows, self.report, "présences")

    def actions(self, meetings):
        rows = []
        for meeting in meetings:
            if meeting.status not in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED):
                continue
            day = meeting.starts_at.date()
            for number in range(2):
                due = day + datetime.timedelta(days=30 * (number + 1))
                # Older actions are mostly done; some stay open past their due date.
                done = due if due < self.today and self.random.random() < 0.85 else None
                rows.append(
                    ActionItem(
                        meeting_id=meeting.pk,
                        description=self.random.choice(ACTIONS),
                        owner_name=f"Représentant·e {number + 1} {MARK}",
                        due_on=due,
                        done_on=done,
                    )
                )
        _bulk(ActionItem, rows, self.report, "actions à mener")
