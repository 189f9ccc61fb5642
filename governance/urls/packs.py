"""URLs of the governance app: packs. Each view is wrapped in its access policy here."""

from django.urls import path

from core.access import COORDINATORS, READERS, policy

from ..views import packs as views

urlpatterns = [
    path("dossiers/", policy(READERS)(views.pack_list), name="pack_list"),
    path("comites/<int:committee>/dossiers/nouveau/", policy(COORDINATORS)(views.pack_request), name="pack_request"),
    path("dossiers/<int:pack>/", policy(READERS)(views.pack_detail), name="pack_detail"),
    path("dossiers/<int:pack>/avancement/", policy(READERS)(views.pack_progress), name="pack_progress"),
    path("dossiers/<int:pack>/publier/", policy(COORDINATORS)(views.pack_publish), name="pack_publish"),
    path(
        "dossiers/<int:pack>/telecharger/<str:file_format>/", policy(READERS)(views.pack_download), name="pack_download"
    ),
]
