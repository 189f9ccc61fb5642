"""The URLs of the notification pages, each in its access policy."""

from django.urls import path

from core.access import COORDINATORS, SIGNED_IN, policy

from . import views

urlpatterns = [
    path("mes-notifications/", policy(SIGNED_IN)(views.notification_preferences), name="notification_preferences"),
    path("envois/", policy(COORDINATORS)(views.notification_sendings), name="notification_sendings"),
    path(
        "envois/adresses/<int:user>/corrigee/",
        policy(COORDINATORS)(views.notification_refusal_clear),
        name="notification_refusal_clear",
    ),
]
