"""The project's URLs. Each view is wrapped in its access policy here, in one visible place."""

from django.contrib import admin
from django.urls import include, path

from core.access import COORDINATORS, EDITORS, PUBLIC, READERS, policy

from . import jobs, views
from .dashboard import views as dashboard
from .health import health

urlpatterns = [
    path("", policy(PUBLIC)(views.home), name="home"),
    path("health", policy(PUBLIC)(health), name="health"),
    path("tableau-de-bord/", policy(READERS)(dashboard.dashboard), name="dashboard"),
    path("invitations/", policy(EDITORS)(views.invitation_list), name="invitation_list"),
    path(
        "invitations/nouvelle/",
        policy(EDITORS)(views.invitation_create),
        name="invitation_create",
    ),
    path(
        "invitations/<int:pk>/revoquer/",
        policy(EDITORS)(views.invitation_revoke),
        name="invitation_revoke",
    ),
    # Background jobs: what failed, waits or runs (fabrique/jobs.py).
    path("taches/", policy(COORDINATORS)(jobs.job_list), name="job_list"),
    path("taches/<int:job>/relancer/", policy(COORDINATORS)(jobs.job_retry), name="job_retry"),
    # Notifications: each user's switches and emails; the coordinators' « Envois » (fabrique/notifications).
    path("notifications/", include("fabrique.notifications.urls")),
    path("invitation/<str:token>/", policy(PUBLIC)(views.invitation_accept), name="invitation_accept"),
    # The pages every French public site has, linked from the footer of every page.
    path("mentions-legales/", policy(PUBLIC)(views.legal_notice), name="legal_notice"),
    path("accessibilite/", policy(PUBLIC)(views.accessibility), name="accessibility"),
    path("donnees-personnelles/", policy(PUBLIC)(views.personal_data), name="personal_data"),
    # The coordinators' pages to answer a person's rights (export, erasure) and their audit.
    path("donnees-personnelles/gestion/", include("fabrique.personal_data.urls")),
    path("contact/", policy(PUBLIC)(views.contact), name="contact"),
    path("comptes/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("territoires/", include("territories.urls")),
    path("projets/", include("projects.urls")),
    path("initiatives/", include("projects.urls.initiatives")),
    path("gouvernance/", include("governance.urls")),
    path("", include("governance.urls.opendata")),
]

handler403 = "fabrique.views.error_403"
handler404 = "fabrique.views.error_404"
handler500 = "fabrique.views.error_500"
