"""App configuration for governance."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Gouvernance")

    def ready(self):
        from projects.models.projects import register_committee_scope

        from .scoping import projects_before_committees_of

        # Partners read the projects put before their committees: projects cannot import governance.
        register_committee_scope(projects_before_committees_of)
