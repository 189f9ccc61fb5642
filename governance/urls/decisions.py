"""URLs of the governance app: decisions. Each view is wrapped in its access policy here."""

from django.urls import path

from core.access import COORDINATORS, READERS, policy

from ..views import decisions as views

urlpatterns = [
    path("decisions/", policy(READERS)(views.decision_list), name="decision_list"),
    path(
        "points/<int:agenda_item>/decisions/nouvelle/",
        policy(COORDINATORS)(views.decision_create),
        name="decision_create",
    ),
    path("decisions/<int:decision>/", policy(READERS)(views.decision_detail), name="decision_detail"),
    path("decisions/<int:decision>/modifier/", policy(COORDINATORS)(views.decision_edit), name="decision_edit"),
    path("decisions/<int:decision>/avenant/", policy(COORDINATORS)(views.decision_amend), name="decision_amend"),
]
