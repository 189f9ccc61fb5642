"""Meetings as iCalendar (RFC 5545) with the `icalendar` library: one meeting's event, a convocation, the personal
feed of a member, and the signed token that names that feed."""

import datetime
from email.utils import parseaddr

from django.conf import settings
from django.core import signing
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//CRESS//Fabrique a initiatives//FR"
# One UID per meeting, whatever the number of convocations: a calendar updates the event it already holds.
UID_DOMAIN = "fabrique-a-initiatives"
FEED_SALT = "governance.calendar_feed"
# "." is outside the URL-safe base64 alphabet of the signature: the token fits a URL path as is.
FEED_SEPARATOR = "."


def meeting_uid(meeting) -> str:
    return f"seance-{meeting.pk}@{UID_DOMAIN}"


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def meeting_event(meeting, *, url: str, description: str = "", sequence: int | None = None) -> Event:
    """The VEVENT of a meeting: its times in UTC (no VTIMEZONE needed), place or video link, and its page."""
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", _utc(timezone.now()))
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at))
    event.add("summary", meeting_summary(meeting))
    location = meeting.place or meeting.video_link
    if location:
        event.add("location", location)
    event.add("url", url)
    body = "\n\n".join(part for part in (description, meeting.video_link, url) if part)
    event.add("description", body)
    event.add("sequence", meeting.convocation_count if sequence is None else sequence)
    event.add("status", "TENTATIVE" if meeting.status == meeting.Status.PLANNED else "CONFIRMED")
    return event


def meeting_summary(meeting) -> str:
    committee = meeting.committee.name
    return f"{committee} — {meeting.title}" if meeting.title else committee


def _calendar(method: str, name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def meeting_calendar(meeting, *, url: str, description: str = "") -> bytes:
    """One meeting to download and add to a calendar (METHOD:PUBLISH)."""
    calendar = _calendar("PUBLISH")
    calendar.add_component(meeting_event(meeting, url=url, description=description))
    return calendar.to_ical()


def convocation_calendar(meeting, *, url: str, number: int, attendee_email: str, attendee_name: str, description=""):
    """The invitation attached to a convocation email (METHOD:REQUEST, SEQUENCE = the convocation's number), so that
    a second convocation updates the event the first one put in the member's calendar."""
    calendar = _calendar("REQUEST")
    event = meeting_event(meeting, url=url, description=description, sequence=number)
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(meeting.committee.name)
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{attendee_email}")
    attendee.params["cn"] = vText(attendee_name or attendee_email)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("NEEDS-ACTION")
    attendee.params["rsvp"] = vText("FALSE")
    event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def feed_calendar(meetings, *, name: str, url_for) -> bytes:
    """A member's feed: every meeting given, each linking back to its page (`url_for(meeting)`)."""
    calendar = _calendar("PUBLISH", name)
    calendar.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, url=url_for(meeting)))
    return calendar.to_ical()


def _signer() -> signing.Signer:
    return signing.Signer(salt=FEED_SALT, sep=FEED_SEPARATOR)


def feed_token(user) -> str:
    """The token of a user's personal feed: their id, signed (a forged or altered token is refused)."""
    return _signer().sign(str(user.pk))


def feed_user_id(token: str) -> int | None:
    """The user id a feed token names, or None when the token is not one the platform signed."""
    try:
        value = _signer().unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None
