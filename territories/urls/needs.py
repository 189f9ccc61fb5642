"""URLs of unmet needs, development opportunities and the needs import, each with its access policy."""

from django.urls import path

from core.access import EDITORS, READERS, policy
from territories.views import needs as views

urlpatterns = [
    path("besoins/", policy(READERS)(views.need_list), name="need_list"),
    path("besoins/nouveau/", policy(EDITORS)(views.need_create), name="need_create"),
    path("besoins/importer/", policy(EDITORS)(views.need_import), name="need_import"),
    path("besoins/importer/<str:key>/", policy(EDITORS)(views.need_import_confirm), name="need_import_confirm"),
    path("besoins/<int:need>/", policy(READERS)(views.need_detail), name="need_detail"),
    path("besoins/<int:need>/modifier/", policy(EDITORS)(views.need_edit), name="need_edit"),
    path("besoins/<int:need>/examiner/", policy(EDITORS)(views.need_review), name="need_review"),
    path("opportunites/", policy(READERS)(views.opportunity_list), name="opportunity_list"),
    path("opportunites/nouvelle/", policy(EDITORS)(views.opportunity_create), name="opportunity_create"),
    path("opportunites/<int:opportunity>/", policy(READERS)(views.opportunity_detail), name="opportunity_detail"),
    path(
        "opportunites/<int:opportunity>/modifier/",
        policy(EDITORS)(views.opportunity_edit),
        name="opportunity_edit",
    ),
]
