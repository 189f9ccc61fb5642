"""The platform's roles, and which of them read, edit and steer: the one definition every app uses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinateur·rice CRESS")
    REFERENT = "referent", _("Acteur référent")
    PARTNER = "partner", _("Partenaire, financeur")
    STAFF = "staff", _("Administrateur·rice de la plateforme")


# Every role of the platform reads its pages; staff administer it through the Django admin only.
READER_ROLES = frozenset({Role.COORDINATOR, Role.REFERENT, Role.PARTNER})
# Coordinators and referents write (object rules then decide which objects).
EDITOR_ROLES = frozenset({Role.COORDINATOR, Role.REFERENT})
COORDINATOR_ROLES = frozenset({Role.COORDINATOR})


def has_role(user, roles) -> bool:
    return bool(user is not None and user.is_authenticated and user.role in roles)


def is_reader_user(user) -> bool:
    return has_role(user, READER_ROLES)
