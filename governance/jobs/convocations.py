"""Background job: send one member the convocation to a meeting, with the meeting as an .ics invitation, through
core.notifications (the kind "convocation", mandatory): recorded, listed on the member's notifications, sent once."""

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.jobs import handler
from core.notifications import absolute_url, notify, render_email

from ..calendar import convocation_calendar
from ..models import CommitteeMember, Meeting
from ..notifications import CONVOCATION
from ..selectors.meetings import agenda_timing, meeting_agenda
from ..services.meetings import CONVOCATION_JOB, convocation_dedup_key


def convocation_description(meeting, items) -> str:
    """The agenda as plain text, for the event's description."""
    lines = [_("Ordre du jour :")]
    for item in items:
        lines.append(f"{item.position}. {item.project.title if item.project_id else item.topic}")
    return "\n".join(lines)


@handler(CONVOCATION_JOB, label=gettext_lazy("Convocation à une séance"))
def send_convocation(job):
    """Email the convocation number `number` of the meeting to the member (once: the email's key is the job's).
    A member gone, or a meeting convened again since (a newer number), makes no email."""
    payload = job.payload
    meeting = Meeting.objects.select_related("committee").filter(pk=payload["meeting"]).first()
    member = CommitteeMember.objects.select_related("user").filter(pk=payload["member"]).first()
    number = payload["number"]
    if meeting is None or member is None or not member.email or meeting.convocation_count != number:
        return
    with translation.override("fr"):
        items = meeting_agenda(meeting=meeting)
        timing = agenda_timing(meeting, items)
        starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        # The meeting's page as the request that convened saw it; built from SITE_URL when the payload has none.
        url = payload.get("url") or absolute_url(reverse("meeting_detail", kwargs={"meeting": meeting.pk}))
        context = {
            "meeting": meeting,
            "member": member,
            "items": list(zip(items, timing.starts, strict=True)),
            "number": number,
            "url": url,
            "day": date_format(starts, "l j F Y"),
            "start": date_format(starts, "G\u00a0\\h\u00a0i"),
            "end": date_format(ends, "G\u00a0\\h\u00a0i"),
        }
        if number > 1:
            subject = _("Convocation modifiée : %(committee)s du %(day)s")
        else:
            subject = _("Convocation : %(committee)s du %(day)s")
        subject = subject % {"committee": meeting.committee.name, "day": date_format(starts, "j F Y")}
        ics = convocation_calendar(
            meeting,
            url=url,
            number=number,
            attendee_email=member.email,
            attendee_name=member.display_name,
            description=convocation_description(meeting, items),
        )
        text, html = render_email(
            "governance/emails/convocation",
            {**context, "link": url, "link_label": _("Ouvrir la séance : ordre du jour à jour et documents")},
        )
        notify(
            kind=CONVOCATION,
            to=member.email,
            user=member.user,
            subject=subject,
            text=text,
            html=html,
            link=url,
            dedup_key=convocation_dedup_key(meeting.pk, number, member.pk),
            attachments=(("seance.ics", ics.decode(), "text/calendar"),),
        )
