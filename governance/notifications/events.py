"""The emails governance's services ask for, in their own transaction: minutes approved (to the committee's
members), a decision recorded (to the referents of the project's territory), a pack published (to the committee's
members who have an account)."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.notifications import absolute_url, notify, render_email
from projects.notifications import territory_referents

from ..models import CommitteeMember
from . import DECISION_RECORDED, MINUTES_APPROVED, PACK_PUBLISHED


def current_members(committee_id, *, with_account=False):
    """The committee's members today with an address (those with an account only, when asked)."""
    today = timezone.localdate()
    members = (
        CommitteeMember.objects.filter(committee_id=committee_id, start_on__lte=today)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
        .select_related("user")
        .order_by("pk")
    )
    if with_account:
        members = members.filter(user__isnull=False, user__is_active=True)
    return [member for member in members if member.email]


def _notify_each(*, kind, template, subject, link, recipients) -> int:
    """One email of this kind to each recipient, a (to, user, context, dedup_key) tuple; how many were asked for
    (a user who switched the kind off gets none)."""
    sent = 0
    for to, user, context, dedup_key in recipients:
        text, html = render_email(template, {**context, "link": link})
        notification = notify(
            kind=kind, to=to, user=user, subject=subject, text=text, html=html, link=link, dedup_key=dedup_key
        )
        sent += notification is not None
    return sent


def minutes_approved_notify(*, meeting) -> int:
    """Each current member of the meeting's committee with an address: the minutes are approved (link: the
    meeting's page)."""
    with translation.override("fr"):
        day = date_format(timezone.localtime(meeting.starts_at), "j F Y")
        return _notify_each(
            kind=MINUTES_APPROVED,
            template="governance/emails/minutes_approved",
            subject=_("Compte rendu approuvé : %(committee)s du %(day)s")
            % {"committee": meeting.committee.name, "day": day},
            link=absolute_url(reverse("meeting_detail", kwargs={"meeting": meeting.pk})),
            recipients=[
                (
                    member.email,
                    member.user,
                    {"member": member, "meeting": meeting, "day": day},
                    f"{MINUTES_APPROVED}:{meeting.pk}:{member.pk}",
                )
                for member in current_members(meeting.committee_id)
            ],
        )


def decision_recorded_notify(*, decision) -> int:
    """The referents of the territory of the decision's project: a decision was recorded on their project (link:
    the decision's page, which every referent reads)."""
    if decision.project_id is None:
        return 0
    project = decision.project
    with translation.override("fr"):
        context = {
            "decision": decision,
            "project": project,
            "meeting": decision.agenda_item.meeting,
            "day": date_format(decision.decided_on, "j F Y"),
        }
        return _notify_each(
            kind=DECISION_RECORDED,
            template="governance/emails/decision_recorded",
            subject=_("Une décision a été enregistrée sur votre projet « %(title)s »") % {"title": project.title},
            link=absolute_url(reverse("decision_detail", kwargs={"decision": decision.pk})),
            recipients=[
                (user.email, user, {**context, "user": user}, f"{DECISION_RECORDED}:{decision.pk}:{user.pk}")
                for user in territory_referents([project.territory_id]).get(project.territory_id, [])
            ],
        )


def pack_published_notify(*, pack) -> int:
    """Each current member of the pack's committee who is a user: the pack is published (link: its page)."""
    with translation.override("fr"):
        return _notify_each(
            kind=PACK_PUBLISHED,
            template="governance/emails/pack_published",
            subject=_("Dossier annuel %(year)s publié : %(committee)s")
            % {"year": pack.year, "committee": pack.committee.name},
            link=absolute_url(reverse("pack_detail", kwargs={"pack": pack.pk})),
            recipients=[
                (
                    member.email,
                    member.user,
                    {"user": member.user, "pack": pack},
                    f"{PACK_PUBLISHED}:{pack.pk}:{member.user_id}",
                )
                for member in current_members(pack.committee_id, with_account=True)
            ],
        )
