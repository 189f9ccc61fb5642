"""App configuration for the project's own app (users, roles, base views)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FabriqueConfig(AppConfig):
    name = "fabrique"
    verbose_name = _("Plateforme")

    def ready(self):
        from allauth.account.signals import email_changed

        from core import aggregates, notifications

        from .notifications import services as notification_services

        aggregates.connect()
        notifications.register_kind(
            "invitation",
            label=_("Invitation à créer son compte"),
            optional=False,
            description=_("Le lien qui permet de créer votre compte."),
            erase_body=True,
        )
        notifications.on_refused(notification_services.user_email_refusal_record)
        email_changed.connect(notification_services.email_changed, dispatch_uid="fabrique.email_refusal_clear")
        # Where this app holds a person's data (core.personal_data), and the nightly retention task of the schedule.
        from core import personal_data

        from .personal_data import tasks  # noqa: F401 - registers fabrique.personal_data_retention
        from .personal_data.sources import UserSource

        personal_data.register(UserSource())
