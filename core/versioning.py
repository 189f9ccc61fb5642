"""Optimistic locking: an edit based on an old version of a record is refused, never silently applied.

Services create and update versioned records through create_versioned and update_versioned, which also
record the author in the history; edit forms carry the version with VersionedFormMixin.
"""

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .choices import ChoiceLabelsMixin

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

CONCURRENT_EDIT_MESSAGE = _(
    "Cette fiche a été modifiée par quelqu’un d’autre pendant votre saisie. "
    "Rechargez la page pour voir la nouvelle version, puis refaites votre modification."
)
# A posted edit without its version comes from a page older than versioning, or was tampered with.
MISSING_VERSION_MESSAGE = _("La version de la fiche manque : rechargez la page, puis refaites votre saisie.")


class ConcurrentEditError(ValidationError):
    def __init__(self):
        super().__init__(CONCURRENT_EDIT_MESSAGE, code="concurrent_edit")


class VersionedModel(ChoiceLabelsMixin, models.Model):
    """A record edited from a page: its version goes up by one at each save through the helpers below."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


Versioned = TypeVar("Versioned", bound=VersionedModel)


def _check_version(instance: VersionedModel, expected_version: int | None) -> int:
    """Lock the stored row and return its version; raise ConcurrentEditError unless it is `expected_version`."""
    stored = (
        type(instance)
        ._default_manager.select_for_update()
        .filter(pk=instance.pk)
        # No default ordering: one ordered by a nullable relation (a target's territory) joins it, and PostgreSQL
        # refuses FOR UPDATE on the nullable side of an outer join.
        .order_by()
        .values_list("version", flat=True)
    )
    locked = stored.first()
    if locked is None or expected_version is None or int(expected_version) != locked:
        raise ConcurrentEditError()
    return locked


def _save(instance, *, by, version, m2m):
    # simple_history takes the author from the request when there is one; services also run from
    # commands, imports and tests, so the author is handed to the record itself. None (the platform
    # itself, e.g. seed_demo) leaves the request's user, if any.
    if by is not None:
        instance._history_user = by
    instance.version = version
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    return instance


def create_versioned(
    instance: Versioned, *, by: "AbstractUser | None", m2m: Mapping[str, Iterable] | None = None
) -> Versioned:
    """Validate and save a new record (version 1) and its many-to-many links, recorded as `by`'s, all or nothing.

    The caller has checked that `by` may create it: the rule and the object it is asked about differ from
    one model to the next, so the permission stays in each service. Raises ValidationError (nothing saved).
    """
    instance.full_clean()
    with transaction.atomic():
        return _save(instance, by=by, version=1, m2m=m2m)


def check_editable(fields: Mapping[str, Any], editable: Iterable[str]) -> None:
    """A service's guard on the fields it is handed: a name it does not set is a programming error, never
    silently ignored."""
    unknown = set(fields) - set(editable)
    if unknown:
        raise ValueError(f"not set by this service: {sorted(unknown)}")


def update_versioned(
    instance: Versioned,
    *,
    by: "AbstractUser | None",
    expected_version: int | None,
    fields: Mapping[str, Any],
    m2m: Mapping[str, Iterable] | None = None,
) -> Versioned:
    """Set `fields` on `instance`, and save them with its many-to-many links if nobody saved it since
    `expected_version` (the version the editor's form was opened on), recorded as `by`'s, all or nothing.

    The caller has checked that `by` may edit it. The version is checked (and the row locked) before the
    fields are validated, so that an editor working on a stale page is told so first. Raises
    ConcurrentEditError or another ValidationError; nothing is saved then.
    """
    with transaction.atomic():
        locked = _check_version(instance, expected_version)
        for name, value in fields.items():
            setattr(instance, name, value)
        instance.full_clean()
        return _save(instance, by=by, version=locked + 1, m2m=m2m)


class VersionedFormMixin:
    """The edit form of a versioned record carries the version it was opened on, for the service to check.

    Put it after StyledFormMixin and before ModelForm. A new record has no version to carry.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=self.instance.version
            )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None and cleaned.get("version") is None:
            raise forms.ValidationError(MISSING_VERSION_MESSAGE, code="missing_version")
        return cleaned

    @property
    def expected_version(self) -> int | None:
        """The version the edited record had when the form was opened (None for a new record)."""
        return self.cleaned_data.get("version")

    def service_data(self) -> dict[str, Any]:
        """The cleaned values as the services take them: the form's fields of the model (the version apart).
        A form whose services take something else overrides this, calling it first."""
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}
