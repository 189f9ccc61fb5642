"""App configuration for projects."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projets")

    def ready(self):
        from core import panels

        from .views.initiative_suggestions import need_suggestions, opportunity_suggestions

        # The suggested inspiring initiatives on the pages of territories (which never import this app).
        panels.register("territories.need_detail")(need_suggestions)
        panels.register("territories.opportunity_detail")(opportunity_suggestions)
