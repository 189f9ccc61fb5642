"""URLs of engaged territories and their readiness, each view wrapped in its access policy."""

from django.urls import path

from core.access import COORDINATORS, EDITORS, READERS, policy

from ..views import engaged as views

urlpatterns = [
    path("experimentation/", policy(READERS)(views.territory_list), name="territory_list"),
    path("experimentation/nouveau/", policy(COORDINATORS)(views.territory_create), name="territory_create"),
    path("experimentation/<slug:territory>/", policy(READERS)(views.territory_detail), name="territory_detail"),
    path(
        "experimentation/<slug:territory>/modifier/",
        policy(COORDINATORS)(views.territory_edit),
        name="territory_edit",
    ),
    path(
        "experimentation/<slug:territory>/prerequis/",
        policy(COORDINATORS)(views.readiness_assess),
        name="readiness_assess",
    ),
    path("perimetre/recherche/", policy(EDITORS)(views.perimeter_search), name="perimeter_search"),
]
