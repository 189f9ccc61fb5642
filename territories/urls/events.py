"""URLs of animation events (actions d'animation)."""

from django.urls import path

from core.access import EDITORS, READERS, policy

from ..views import events as views

urlpatterns = [
    path("actions/", policy(READERS)(views.event_list), name="event_list"),
    path("actions/nouvelle/", policy(EDITORS)(views.event_create), name="event_create"),
    path("actions/<int:event>/", policy(READERS)(views.event_detail), name="event_detail"),
    path("actions/<int:event>/modifier/", policy(EDITORS)(views.event_edit), name="event_edit"),
]
