"""URLs of the projects app: one project's pages (create, detail, edit, history, social-innovation grid)."""

from django.urls import path

from core.access import EDITORS, READERS, policy

from ..views import projects as views

urlpatterns = [
    path("nouveau/", policy(EDITORS)(views.project_create), name="project_create"),
    path("<int:project>/", policy(READERS)(views.project_detail), name="project_detail"),
    path("<int:project>/modifier/", policy(EDITORS)(views.project_edit), name="project_edit"),
    path("<int:project>/historique/", policy(READERS)(views.project_history), name="project_history"),
    path("<int:project>/criteres/", policy(EDITORS)(views.project_scores), name="project_scores"),
]
