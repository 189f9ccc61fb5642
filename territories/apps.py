"""App configuration for territories."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoriesConfig(AppConfig):
    name = "territories"
    verbose_name = _("Territoires")

    def ready(self):
        from core import personal_data

        from .personal_data import ContactSource, IdeaSubmitterSource

        # Where this app holds a person's data: an actor's contacts, the citizens of the call for ideas.
        personal_data.register(ContactSource())
        personal_data.register(IdeaSubmitterSource())
