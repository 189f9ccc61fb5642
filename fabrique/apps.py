"""App configuration for the project's own app (users, roles, base views)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FabriqueConfig(AppConfig):
    name = "fabrique"
    verbose_name = _("Plateforme")

    def ready(self):
        from core import aggregates

        aggregates.connect()
