"""The coordinators' personal-data pages, under /donnees-personnelles/gestion/ (the public privacy page is one
level up)."""

from django.urls import path

from core.access import COORDINATORS, policy

from . import views

urlpatterns = [
    path("", policy(COORDINATORS)(views.personal_data_search), name="personal_data_search"),
    path("exporter/", policy(COORDINATORS)(views.personal_data_export), name="personal_data_export"),
    path("anonymiser/", policy(COORDINATORS)(views.personal_data_erase), name="personal_data_erase"),
    path("journal/", policy(COORDINATORS)(views.personal_data_audit_list), name="personal_data_audit_list"),
]
