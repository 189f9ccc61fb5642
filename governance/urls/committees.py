"""URLs of the governance app: committees. Each view is wrapped in its access policy here."""

from django.urls import path

from core.access import COORDINATORS, READERS, policy

from ..views import committees as views

urlpatterns = [
    path("comites/", policy(READERS)(views.committee_list), name="committee_list"),
    path("comites/nouveau/", policy(COORDINATORS)(views.committee_create), name="committee_create"),
    path("comites/<int:committee>/", policy(READERS)(views.committee_detail), name="committee_detail"),
    path("comites/<int:committee>/modifier/", policy(COORDINATORS)(views.committee_edit), name="committee_edit"),
    path("comites/<int:committee>/membres/nouveau/", policy(COORDINATORS)(views.member_create), name="member_create"),
    path("membres/<int:member>/modifier/", policy(COORDINATORS)(views.member_edit), name="member_edit"),
]
