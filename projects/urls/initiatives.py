"""URLs of the library of inspiring initiatives (/initiatives/)."""

from django.urls import path

from core.access import COORDINATORS, EDITORS, READERS, policy

from ..views import initiative_imports
from ..views import initiatives as views

urlpatterns = [
    path("", policy(READERS)(views.initiative_list), name="initiative_list"),
    path("nouvelle/", policy(COORDINATORS)(views.initiative_create), name="initiative_create"),
    path("importer/", policy(COORDINATORS)(initiative_imports.initiative_import), name="initiative_import"),
    path(
        "importer/<str:key>/",
        policy(COORDINATORS)(initiative_imports.initiative_import_confirm),
        name="initiative_import_confirm",
    ),
    path("<int:initiative>/", policy(READERS)(views.initiative_detail), name="initiative_detail"),
    path("<int:initiative>/modifier/", policy(COORDINATORS)(views.initiative_edit), name="initiative_edit"),
    path("<int:initiative>/essaimer/", policy(EDITORS)(views.initiative_replicate), name="initiative_replicate"),
]
