"""The scheduled emails of the projects app: reminders to referents for their overdue next steps and for the 1- and
3-year follow-ups of created enterprises, spread over the week's morning slots (never a burst on one morning)."""

import datetime
import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.notifications import absolute_url, notification_cancel, notify, register_kind, render_email
from core.roles import Role

from .models import NextStep, Project

NEXT_STEP_REMINDER = "next_step_reminder"
FOLLOW_UP_REMINDER = "follow_up_reminder"
# The follow-ups of a created enterprise: at 1 and 3 years, each with the field that tells it was recorded.
FOLLOW_UPS = {1: "still_active_1y", 3: "still_active_3y"}
# A follow-up not recorded is reminded during the year after its anniversary (older ones are not nagged about).
FOLLOW_UP_WINDOW = datetime.timedelta(days=365)

# The reminders' slots: weekday mornings (Monday to Friday), from 8:00 every quarter of an hour until 11:45.
SLOT_WEEKDAYS = 5
SLOT_FIRST = datetime.time(8, 0)
SLOT_MINUTES = 15
SLOTS_PER_DAY = 16
SLOT_COUNT = SLOT_WEEKDAYS * SLOTS_PER_DAY
# However few reminders a run finds, a slot may take this many before the next slot is used.
SLOT_MIN_CAPACITY = 3


def register_kinds():
    """Declared by ProjectsConfig.ready()."""
    register_kind(
        NEXT_STEP_REMINDER,
        label=gettext_lazy("Rappel des prochaines étapes en retard"),
        description=gettext_lazy(
            "Une fois par semaine au plus, la liste des prochaines étapes dont vous êtes responsable et dont "
            "l’échéance est passée."
        ),
    )
    register_kind(
        FOLLOW_UP_REMINDER,
        label=gettext_lazy("Rappel du suivi à 1 an et à 3 ans des entreprises créées"),
        description=gettext_lazy(
            "Un rappel pour renseigner l’activité et les emplois d’une entreprise créée sur votre territoire, "
            "un an puis trois ans après sa création."
        ),
    )


# --- Spreading ---------------------------------------------------------------------------------------------


def preferred_slot(user_id: int) -> int:
    """The user's own slot of the week, from a stable hash of their id (the same from one run to the next)."""
    digest = hashlib.sha256(f"reminder-slot:{user_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % SLOT_COUNT


def slot_start(slot: int, now: datetime.datetime) -> datetime.datetime:
    """The next time (at or after `now`, local time) the slot of the week comes round."""
    local = timezone.localtime(now)
    weekday, index = divmod(slot, SLOTS_PER_DAY)
    minutes = SLOT_FIRST.hour * 60 + SLOT_FIRST.minute + index * SLOT_MINUTES
    monday = local.date() - datetime.timedelta(days=local.weekday())
    for week in (0, 1):
        day = monday + datetime.timedelta(days=7 * week + weekday)
        naive = datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60))
        start = timezone.make_aware(naive, timezone.get_current_timezone())
        if start >= now:
            return start
    raise AssertionError("a slot comes round within two weeks")


def spread(user_ids: Iterable[int], *, now: datetime.datetime) -> list[datetime.datetime]:
    """When to send each of these reminders (one per item, in order): each in its recipient's own slot, unless that
    slot already holds its share of this run, then in the next slot with room. So 300 reminders found in one run
    are placed over the week's 80 slots, a few per slot, never all on one morning."""
    user_ids = list(user_ids)
    capacity = max(SLOT_MIN_CAPACITY, math.ceil(len(user_ids) / SLOT_COUNT))
    taken = Counter()
    slots = []
    for user_id in user_ids:
        slot = preferred_slot(user_id)
        while taken[slot] >= capacity:
            slot = (slot + 1) % SLOT_COUNT
        taken[slot] += 1
        slots.append(slot)
    return [slot_start(slot, now) for slot in slots]


def iso_week(moment: datetime.datetime) -> str:
    year, week, _weekday = timezone.localtime(moment).isocalendar()
    return f"{year}-W{week:02d}"


# --- Who and what ------------------------------------------------------------------------------------------


def territory_referents(territory_ids: Iterable[int]) -> dict[int, list]:
    """The referents of each territory: the active users, with the referent role, whose organisation is its
    referent actor (those who edit its projects: projects/rules.py, can_edit_project)."""
    from territories.models import EngagedTerritory

    actors = dict(
        EngagedTerritory.objects.filter(pk__in=set(territory_ids), referent_actor__isnull=False).values_list(
            "pk", "referent_actor_id"
        )
    )
    users = (
        get_user_model()
        .objects.filter(role=Role.REFERENT, is_active=True, organisation_id__in=set(actors.values()))
        .exclude(email="")
    )
    by_actor = defaultdict(list)
    for user in users.order_by("pk"):
        by_actor[user.organisation_id].append(user)
    return {territory_id: by_actor.get(actor_id, []) for territory_id, actor_id in actors.items()}


def overdue_next_steps(today: datetime.date | None = None):
    """The open next steps past their due date on active projects (neither paused nor abandoned), most overdue
    first: the referents' reminders and the coordinators' weekly digest read them."""
    today = today or timezone.localdate()
    return (
        NextStep.objects.filter(done_at__isnull=True, due_date__lt=today, project__side_state="")
        .select_related("project", "owner")
        .order_by("due_date", "pk")
    )


# --- Next-step reminders -----------------------------------------------------------------------------------


def next_step_reminder_key(user_id: int, send_after: datetime.datetime) -> str:
    """One reminder per referent and week."""
    return f"{NEXT_STEP_REMINDER}:{user_id}:{iso_week(send_after)}"


def _grouped_by_project(steps):
    projects = {}
    for step in steps:
        entry = projects.setdefault(
            step.project_id,
            {
                "project": step.project,
                "url": absolute_url(reverse("project_detail", kwargs={"project": step.project_id})),
                "steps": [],
            },
        )
        entry["steps"].append({"step": step, "due": date_format(step.due_date, "j F Y")})
    return list(projects.values())


def next_step_reminders_plan(*, now=None, owner_ids: Iterable[int] | None = None) -> int:
    """Schedule, for each referent owning overdue next steps, one email listing them all, in their slot of the
    week; how many were scheduled. Reminders not yet sent are planned again from what is overdue now: a step done
    since, or a project paused or abandoned since, leaves them (a referent with nothing overdue any more gets
    nothing), and a reactivated project comes back in them (the same key revives the cancelled reminder).

    `owner_ids`: plan again for these referents alone (a project paused or reactivated)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    steps = overdue_next_steps(today).filter(owner__role=Role.REFERENT, owner__is_active=True).exclude(owner__email="")
    if owner_ids is None:
        notification_cancel(prefix=f"{NEXT_STEP_REMINDER}:")
    else:
        owner_ids = set(owner_ids)
        steps = steps.filter(owner_id__in=owner_ids)
        for owner_id in owner_ids:
            notification_cancel(prefix=f"{NEXT_STEP_REMINDER}:{owner_id}:")
    by_owner = defaultdict(list)
    for step in steps:
        by_owner[step.owner_id].append(step)
    owners = sorted(by_owner)
    scheduled = 0
    link = absolute_url(reverse("home"))
    with translation.override("fr"):
        for owner_id, send_after in zip(owners, spread(owners, now=now), strict=True):
            owner_steps = by_owner[owner_id]
            user = owner_steps[0].owner
            context = {
                "user": user,
                "projects": _grouped_by_project(owner_steps),
                "count": len(owner_steps),
                "link": link,
            }
            text, html = render_email("projects/emails/next_step_reminder", context)
            notification = notify(
                kind=NEXT_STEP_REMINDER,
                to=user.email,
                user=user,
                subject=_("Rappel : des prochaines étapes de vos projets sont en retard"),
                text=text,
                html=html,
                link=link,
                dedup_key=next_step_reminder_key(owner_id, send_after),
                send_after=send_after,
            )
            scheduled += notification is not None
    return scheduled


def project_reminders_replan(*, project: Project) -> None:
    """A project paused, abandoned or reactivated (projects.services.projects.project_move_to_stage, in its
    transaction): the scheduled reminders of its next steps' owners are planned again, without it or with it."""
    notification_cancel(prefix=f"{FOLLOW_UP_REMINDER}:{project.pk}:")
    owners = NextStep.objects.filter(project=project, done_at__isnull=True).values_list("owner_id", flat=True)
    owner_ids = set(owners)
    if owner_ids:
        next_step_reminders_plan(owner_ids=owner_ids)


# --- Follow-up reminders -----------------------------------------------------------------------------------


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (28 February for a 29 February that year lacks)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def follow_ups_due(today: datetime.date) -> list[tuple[Project, int]]:
    """The created enterprises whose 1- or 3-year follow-up is due and not recorded: (project, years)."""
    due = []
    for years, recorded in FOLLOW_UPS.items():
        latest = add_years(today, -years)
        projects = (
            Project.objects.filter(
                stage=Project.Stage.CREATED,
                side_state="",
                creation_date__lte=latest,
                creation_date__gt=latest - FOLLOW_UP_WINDOW,
                **{f"{recorded}__isnull": True},
            )
            .select_related("territory")
            .order_by("creation_date", "pk")
        )
        due += [(project, years) for project in projects]
    return due


def follow_up_reminders_plan(*, now=None) -> int:
    """Schedule a reminder to each referent of the territory of a created enterprise whose 1- or 3-year follow-up
    is due and not recorded, in their slot of the week; once each (the key names the project, the year and the
    referent); how many were scheduled."""
    now = now or timezone.now()
    due = follow_ups_due(timezone.localdate(now))
    referents = territory_referents(project.territory_id for project, _years in due)
    pairs = [(project, years, user) for project, years in due for user in referents.get(project.territory_id, [])]
    scheduled = 0
    with translation.override("fr"):
        for (project, years, user), send_after in zip(
            pairs, spread([user.pk for _project, _years, user in pairs], now=now), strict=True
        ):
            link = absolute_url(reverse("project_edit", kwargs={"project": project.pk}))
            context = {
                "user": user,
                "project": project,
                "years": years,
                "creation_date": date_format(project.creation_date, "j F Y"),
                "link": link,
            }
            text, html = render_email("projects/emails/follow_up_reminder", context)
            if years == 1:
                subject = _("Suivi à 1 an de « %(title)s » : renseignez l’activité et les emplois")
            else:
                subject = _("Suivi à 3 ans de « %(title)s » : renseignez l’activité et les emplois")
            notification = notify(
                kind=FOLLOW_UP_REMINDER,
                to=user.email,
                user=user,
                subject=subject % {"title": project.title},
                text=text,
                html=html,
                link=link,
                dedup_key=f"{FOLLOW_UP_REMINDER}:{project.pk}:{years}y:{user.pk}",
                send_after=send_after,
            )
            scheduled += notification is not None
    return scheduled
