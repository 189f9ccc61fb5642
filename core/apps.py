"""App configuration for core: the base below every app (it holds the background-job table)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Socle")

    def ready(self):
        # The notification job's handler (core.notification) is declared there: every process that may run a
        # job (web, worker) has it registered from start-up.
        from . import notifications  # noqa: F401
