"""URLs of the governance app: calendar. Each view is wrapped in its access policy here."""

from django.urls import path

from core.access import PUBLIC, READERS, policy

from ..views import calendar as views

urlpatterns = [
    path("seances/<int:meeting>/seance.ics", policy(READERS)(views.meeting_ics), name="meeting_ics"),
    path("agenda/", policy(READERS)(views.calendar_subscribe), name="calendar_subscribe"),
    path("agenda/<str:feed_token>.ics", policy(PUBLIC)(views.calendar_feed), name="calendar_feed"),
]
