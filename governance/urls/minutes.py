"""URLs of the governance app: minutes. Each view is wrapped in its access policy here."""

from django.urls import path

from core.access import COORDINATORS, policy

from ..views import minutes as views

urlpatterns = [
    path("seances/<int:meeting>/compte-rendu/modifier/", policy(COORDINATORS)(views.minutes_edit), name="minutes_edit"),
    path(
        "seances/<int:meeting>/compte-rendu/brouillon/", policy(COORDINATORS)(views.minutes_draft), name="minutes_draft"
    ),
    path(
        "seances/<int:meeting>/compte-rendu/approuver/",
        policy(COORDINATORS)(views.minutes_approve),
        name="minutes_approve",
    ),
]
