"""URLs of the projects app: the pipeline board and the stage-change form it opens."""

from django.urls import path

from core.access import EDITORS, READERS, policy

from ..views import board as views

urlpatterns = [
    path("tableau/", policy(READERS)(views.project_board), name="project_board"),
    path("<int:project>/etape/", policy(EDITORS)(views.project_move), name="project_move"),
]
