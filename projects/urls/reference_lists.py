"""URLs of the lists coordinators extend (social-innovation criteria, pause and abandon reasons)."""

from django.urls import path

from core.access import COORDINATORS, policy
from projects.views import reference_lists as views

urlpatterns = [
    path("listes/", policy(COORDINATORS)(views.reference_lists), name="reference_lists"),
    path("listes/criteres/", policy(COORDINATORS)(views.criterion_create), name="criterion_create"),
    path(
        "listes/criteres/<int:criterion>/basculer/",
        policy(COORDINATORS)(views.criterion_toggle),
        name="criterion_toggle",
    ),
    path("listes/motifs/", policy(COORDINATORS)(views.stop_reason_create), name="stop_reason_create"),
    path(
        "listes/motifs/<int:stop_reason>/basculer/",
        policy(COORDINATORS)(views.stop_reason_toggle),
        name="stop_reason_toggle",
    ),
]
