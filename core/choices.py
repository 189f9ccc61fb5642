"""Labels of choice fields, read from a table built once per field and language.

Django's `get_<field>_display()` rebuilds a dictionary of every choice at each call, translating each label
again: on a list of 25 rows with three choice columns, or an export of 20,000, that was most of the time
spent on the rows. The labels here are the same, from the same translation catalogue.
"""

from django.utils.hashable import make_hashable
from django.utils.translation import get_language

_labels: dict = {}


def choice_label(field, value):
    """The label of `value` among `field`'s choices in the active language; the value itself if none."""
    key = (field, get_language())
    labels = _labels.get(key)
    if labels is None:
        labels = _labels[key] = {make_hashable(choice): str(label) for choice, label in field.flatchoices}
    return labels.get(make_hashable(value), value)


class ChoiceLabelsMixin:
    """Taken by a model's base class: its `get_<field>_display()` methods read `choice_label`."""

    def _get_FIELD_display(self, field):
        return choice_label(field, getattr(self, field.attname))
