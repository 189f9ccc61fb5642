"""URLs of the governance app: targets. Each view is wrapped in its access policy here."""

from django.urls import path

from core.access import COORDINATORS, READERS, policy

from ..views import targets as views

urlpatterns = [
    path("objectifs/", policy(READERS)(views.target_list), name="target_list"),
    path("objectifs/nouveau/", policy(COORDINATORS)(views.target_create), name="target_create"),
    path("objectifs/<int:target>/modifier/", policy(COORDINATORS)(views.target_edit), name="target_edit"),
]
