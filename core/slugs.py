"""URL identifiers (slugs) made from a record's name, unique within its model."""

from collections.abc import Iterable

from django.db import models
from django.utils.text import slugify

# Room kept under the field's max_length for a "-2", "-3"… suffix.
SUFFIX_ROOM = 10


def unique_slug(
    model: type[models.Model],
    text: str,
    *,
    exclude_pk: object = None,
    field: str = "slug",
    fallback: str | None = None,
    reserved: Iterable[str] = (),
) -> str:
    """A slug of `text` that no other row of `model` uses (nor any of `reserved`), suffixed -2, -3… if needed.

    `exclude_pk` is the row being renamed, whose own slug is free for it. A text with nothing to slugify
    ("???") falls back to `fallback`, by default the model's verbose name. One query, however many rows
    share the base. Two requests creating the same name at the same instant may still pick the same slug:
    the field's unique constraint refuses the second.
    """
    max_length = model._meta.get_field(field).max_length or 50
    base = slugify(text)[: max_length - SUFFIX_ROOM].strip("-") or slugify(fallback or model._meta.verbose_name)
    taken = set(
        model._default_manager.exclude(pk=exclude_pk)
        .filter(**{f"{field}__startswith": base})
        .values_list(field, flat=True)
    )
    taken.update(reserved)
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
