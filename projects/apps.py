"""App configuration for projects."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projets")

    def ready(self):
        from core import panels

        from .notifications import register_kinds
        from .views.initiative_suggestions import need_suggestions, opportunity_suggestions

        # The suggested inspiring initiatives on the pages of territories (which never import this app).
        panels.register("territories.need_detail")(need_suggestions)
        panels.register("territories.opportunity_detail")(opportunity_suggestions)
        # The reminders this app schedules (core.notifications).
        register_kinds()
        # Where this app holds a person's data: the project leader (core.personal_data).
        from core import personal_data

        from .personal_data import ProjectLeaderSource

        personal_data.register(ProjectLeaderSource())
