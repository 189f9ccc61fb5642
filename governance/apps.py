"""App configuration for governance."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Gouvernance")

    def ready(self):
        from projects.models.projects import register_committee_scope

        from .notifications import register_kinds
        from .scoping import projects_before_committees_of

        # Partners read the projects put before their committees: projects cannot import governance.
        register_committee_scope(projects_before_committees_of)
        # The emails this app sends (core.notifications).
        register_kinds()
        # Where this app holds a person's data with no account behind it (core.personal_data).
        from core import personal_data

        from .personal_data import ActionOwnerSource, CommitteeRepresentativeSource

        personal_data.register(CommitteeRepresentativeSource())
        personal_data.register(ActionOwnerSource())
