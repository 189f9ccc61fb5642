"""The queryset base of every model with a list: `visible_to(user)` scopes it to what the user may read."""

from django.db import models

from .roles import is_reader_user


class ScopedQuerySet(models.QuerySet):
    """Rows every role of the platform reads (coordinators, referents, partners); none for anyone else.

    A model whose rows are read by fewer people narrows `visible_to` in a subclass, calling this one first,
    so that a list can never show what the detail page would refuse.
    """

    def visible_to(self, user):
        return self if is_reader_user(user) else self.none()
