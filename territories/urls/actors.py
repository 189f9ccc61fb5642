"""URLs of the actors directory, contact persons, cooperations, sectors and the actor import."""

from django.urls import path

from core.access import COORDINATORS, EDITORS, READERS, policy

from ..views import actors as views

urlpatterns = [
    path("acteurs/", policy(READERS)(views.actor_list), name="actor_list"),
    path("acteurs/nouveau/", policy(EDITORS)(views.actor_create), name="actor_create"),
    path("acteurs/importer/", policy(COORDINATORS)(views.actor_import), name="actor_import"),
    path("acteurs/importer/<str:key>/", policy(COORDINATORS)(views.actor_import_confirm), name="actor_import_confirm"),
    path("acteurs/<int:actor>/", policy(READERS)(views.actor_detail), name="actor_detail"),
    path("acteurs/<int:actor>/modifier/", policy(EDITORS)(views.actor_edit), name="actor_edit"),
    path("acteurs/<int:actor>/proposer/", policy(EDITORS)(views.actor_propose), name="actor_propose"),
    path("acteurs/<int:actor>/contacts/nouveau/", policy(EDITORS)(views.contact_create), name="contact_create"),
    path("contacts/<int:contact>/modifier/", policy(EDITORS)(views.contact_edit), name="contact_edit"),
    path("contacts/<int:contact>/supprimer/", policy(EDITORS)(views.contact_delete), name="contact_delete"),
    path("cooperations/", policy(READERS)(views.cooperation_list), name="cooperation_list"),
    path("cooperations/nouvelle/", policy(EDITORS)(views.cooperation_create), name="cooperation_create"),
    path("cooperations/<int:cooperation>/", policy(READERS)(views.cooperation_detail), name="cooperation_detail"),
    path("cooperations/<int:cooperation>/modifier/", policy(EDITORS)(views.cooperation_edit), name="cooperation_edit"),
    path("filieres/", policy(READERS)(views.sector_list), name="sector_list"),
    path("filieres/nouvelle/", policy(COORDINATORS)(views.sector_create), name="sector_create"),
    path("filieres/<int:sector>/modifier/", policy(COORDINATORS)(views.sector_edit), name="sector_edit"),
]
