"""Meetings in people's calendars: one meeting's .ics, the page giving a member their personal feed address, and
that feed (public, opened by its signed token alone)."""

from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..calendar import feed_calendar, feed_token, feed_user_id, meeting_calendar
from ..selectors import meetings as selectors

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def _calendar_response(content: bytes, *, filename: str, inline=False) -> HttpResponse:
    response = HttpResponse(content, content_type=CALENDAR_TYPE)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _meeting_address(request, meeting) -> str:
    return request.build_absolute_uri(reverse("meeting_detail", kwargs={"meeting": meeting.pk}))


def meeting_ics(request, meeting):
    meeting = selectors.meeting_get(user=request.user, pk=meeting)
    content = meeting_calendar(meeting, url=_meeting_address(request, meeting))
    day = timezone.localtime(meeting.starts_at).date()
    return _calendar_response(content, filename=f"seance-{day:%Y-%m-%d}.ics")


def calendar_subscribe(request):
    """The user's personal feed address (webcal and https) and how to add it to Outlook or Thunderbird."""
    https_url = request.build_absolute_uri(reverse("calendar_feed", kwargs={"feed_token": feed_token(request.user)}))
    webcal_url = "webcal://" + https_url.split("://", 1)[1]
    context = {
        "https_url": https_url,
        "webcal_url": webcal_url,
        "meetings": selectors.calendar_meetings(user=request.user),
        "sits_on_a_committee": selectors.sits_on_any_committee(user=request.user),
    }
    return render(request, "governance/calendar/subscribe.html", context)


def calendar_feed(request, feed_token):
    """The meetings of the committees the token's user sits on, as they may read them; 404 for any other token."""
    user_id = feed_user_id(feed_token)
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        raise Http404
    meetings = selectors.calendar_meetings(user=user)
    content = feed_calendar(
        meetings, name=_("Séances des comités — Fabrique"), url_for=lambda meeting: _meeting_address(request, meeting)
    )
    return _calendar_response(content, filename="seances.ics", inline=True)
