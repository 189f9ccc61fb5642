"""URLs of the governance app: meetings. Each view is wrapped in its access policy here."""

from django.urls import path

from core.access import COORDINATORS, READERS, policy

from ..views import meetings as views

urlpatterns = [
    path(
        "comites/<int:committee>/seances/nouvelle/", policy(COORDINATORS)(views.meeting_create), name="meeting_create"
    ),
    path("seances/<int:meeting>/", policy(READERS)(views.meeting_detail), name="meeting_detail"),
    path("seances/<int:meeting>/modifier/", policy(COORDINATORS)(views.meeting_edit), name="meeting_edit"),
    path("seances/<int:meeting>/convoquer/", policy(COORDINATORS)(views.meeting_convene), name="meeting_convene"),
    path("seances/<int:meeting>/tenue/", policy(COORDINATORS)(views.meeting_hold), name="meeting_hold"),
    path("seances/<int:meeting>/presences/", policy(COORDINATORS)(views.meeting_attendance), name="meeting_attendance"),
    path(
        "seances/<int:meeting>/points/nouveau/",
        policy(COORDINATORS)(views.agenda_item_create),
        name="agenda_item_create",
    ),
    path("points/<int:agenda_item>/modifier/", policy(COORDINATORS)(views.agenda_item_edit), name="agenda_item_edit"),
    path(
        "points/<int:agenda_item>/supprimer/", policy(COORDINATORS)(views.agenda_item_delete), name="agenda_item_delete"
    ),
    path("points/<int:agenda_item>/deplacer/", policy(COORDINATORS)(views.agenda_item_move), name="agenda_item_move"),
    path(
        "points/<int:agenda_item>/documents/nouveau/",
        policy(COORDINATORS)(views.agenda_document_create),
        name="agenda_document_create",
    ),
    path(
        "documents/<int:agenda_document>/",
        policy(READERS)(views.agenda_document_download),
        name="agenda_document_download",
    ),
    path(
        "seances/<int:meeting>/actions/nouvelle/",
        policy(COORDINATORS)(views.action_item_create),
        name="action_item_create",
    ),
    path("actions/<int:action_item>/modifier/", policy(COORDINATORS)(views.action_item_edit), name="action_item_edit"),
    path("actions/<int:action_item>/faite/", policy(COORDINATORS)(views.action_item_done), name="action_item_done"),
]
