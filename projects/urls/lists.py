"""URLs of the projects app: the list of projects and the projects import."""

from django.urls import path

from core.access import EDITORS, READERS, policy

from ..views import lists as views

urlpatterns = [
    path("", policy(READERS)(views.project_list), name="project_list"),
    path("importer/", policy(EDITORS)(views.project_import), name="project_import"),
    path("importer/<str:key>/", policy(EDITORS)(views.project_import_confirm), name="project_import_confirm"),
]
