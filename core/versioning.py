"""Optimistic locking: an edit based on an old version of a record is refused, never silently applied."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

CONCURRENT_EDIT_MESSAGE = _(
    "Cette fiche a été modifiée par quelqu'un d'autre pendant votre saisie. "
    "Rechargez la page pour voir la nouvelle version, puis refaites votre modification."
)


class ConcurrentEditError(ValidationError):
    def __init__(self):
        super().__init__(CONCURRENT_EDIT_MESSAGE, code="concurrent_edit")


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


def save_versioned(instance, *, expected_version):
    """Save `instance` if the stored row still has `expected_version`; bumps the version.

    Call inside a transaction. Raises ConcurrentEditError when someone saved in between.
    """
    model = type(instance)
    if instance.pk is None:
        instance.version = 1
        instance.save()
        return instance
    locked = model.objects.select_for_update().filter(pk=instance.pk).values_list("version", flat=True).first()
    if locked is None or int(expected_version) != locked:
        raise ConcurrentEditError()
    instance.version = locked + 1
    instance.save()
    return instance
