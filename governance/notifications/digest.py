"""The coordinators' weekly digest: the past seven days' new needs and stage changes, and what waits today
(stalled projects, overdue next steps and action items), one email per coordinator and ISO week."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.notifications import absolute_url, notify, render_email
from core.roles import Role
from projects.models import Project, StageChange
from projects.notifications import overdue_next_steps
from territories.models import Need

from ..models import ActionItem
from . import WEEKLY_DIGEST

DIGEST_DAYS = 7
# The rows each block of the digest lists; its count says how many there are in all.
DIGEST_ROWS = 10


@dataclass
class DigestBlock:
    rows: list
    total: int

    @property
    def more(self) -> int:
        """The rows the email leaves out (« et 16 autres »): the dashboard lists them all."""
        return max(0, self.total - len(self.rows))


def _block(queryset) -> DigestBlock:
    return DigestBlock(rows=list(queryset[:DIGEST_ROWS]), total=queryset.count())


def digest_content(*, now: datetime.datetime) -> dict:
    """What every coordinator's digest shows (the same for all: they read every territory)."""
    today = timezone.localdate(now)
    since = now - datetime.timedelta(days=DIGEST_DAYS)
    needs = Need.objects.filter(created_at__gte=since).select_related("territory").order_by("-created_at", "-pk")
    moves = (
        StageChange.objects.filter(at__gte=since)
        .exclude(from_stage="")
        .select_related("project", "project__territory")
        .order_by("-at", "-pk")
    )
    # The dashboard's stalled projects, in its order: most overdue first (projects.models.projects.stalled_condition).
    stalled = (
        Project.objects.stalled(today)
        .select_related("territory")
        .order_by(F("next_step_due").asc(nulls_last=True), "last_activity_on", "pk")
    )
    actions = (
        ActionItem.objects.filter(done_on__isnull=True, due_on__lt=today)
        .select_related("meeting__committee", "owner")
        .order_by("due_on", "pk")
    )
    content = {
        "needs": _block(needs),
        "moves": _block(moves),
        "stalled": _block(stalled),
        "next_steps": _block(overdue_next_steps(today)),
        "action_items": _block(actions),
    }
    for need in content["needs"].rows:
        need.url = absolute_url(reverse("need_detail", kwargs={"need": need.pk}))
    for move in content["moves"].rows:
        move.url = absolute_url(reverse("project_detail", kwargs={"project": move.project_id}))
    for project in content["stalled"].rows:
        project.url = absolute_url(reverse("project_detail", kwargs={"project": project.pk}))
    for step in content["next_steps"].rows:
        step.url = absolute_url(reverse("project_detail", kwargs={"project": step.project_id}))
    for action in content["action_items"].rows:
        action.url = absolute_url(reverse("meeting_detail", kwargs={"meeting": action.meeting_id}))
    return content


def digest_key(user_id: int, now: datetime.datetime) -> str:
    year, week, _weekday = timezone.localtime(now).isocalendar()
    return f"{WEEKLY_DIGEST}:{year}-W{week:02d}:{user_id}"


def weekly_digest_send(*, now=None) -> int:
    """Ask for the week's digest of every active coordinator (a run twice in the same ISO week sends nothing
    more: the key names the week and the coordinator); how many were asked for."""
    now = now or timezone.now()
    coordinators = get_user_model().objects.filter(role=Role.COORDINATOR, is_active=True).exclude(email="")
    link = absolute_url(reverse("dashboard"))
    sent = 0
    with translation.override("fr"):
        content = digest_content(now=now)
        first = timezone.localdate(now) - datetime.timedelta(days=DIGEST_DAYS)
        period = {"start": date_format(first, "j F"), "end": date_format(timezone.localdate(now), "j F Y")}
        subject = _("Lettre de la semaine de la Fabrique : du %(start)s au %(end)s") % period
        for user in coordinators.order_by("pk"):
            context = {
                **content,
                **period,
                "user": user,
                "link": link,
                "link_label": _("Ouvrir le tableau de bord"),
                "reason": _("vous coordonnez la Fabrique à initiatives"),
            }
            text, html = render_email("fabrique/email/digest", context)
            sent += bool(
                notify(
                    kind=WEEKLY_DIGEST,
                    to=user.email,
                    user=user,
                    subject=subject,
                    text=text,
                    html=html,
                    link=link,
                    dedup_key=digest_key(user.pk, now),
                    send_after=now,
                )
            )
    return sent
