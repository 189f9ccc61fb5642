"""The base mixin of every form: Bootstrap classes, errors tied to their field, text cleaned at the door."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from .text import strip_control_characters

# Django's own message ("Le caractère nul n'est pas autorisé.") does not tell people what to do about a
# character they cannot see: it comes from a paste, and typing the text again is the way out.
NUL_REFUSED = _(
    "Ce texte contient un caractère nul (invisible, souvent venu d'un copier-coller) : "
    "retapez ou recollez le texte sans mise en forme."
)
NUL_VALIDATOR = ProhibitNullCharactersValidator(message=NUL_REFUSED)


def _without_control_characters(value):
    if isinstance(value, str):
        return strip_control_characters(value)
    if isinstance(value, (list, tuple)):
        return [_without_control_characters(item) for item in value]
    return value


def _is_password(field):
    return isinstance(field.widget, forms.PasswordInput)


class StyledFormMixin:
    """Every form of the project (filter forms too) takes this mixin first.

    Submitted text loses its control characters but tab, newline and carriage return before any field
    sees it, so that a vertical tab pasted in a text cannot break the exports others read later. NUL is
    kept, to be refused on its field by the validator every CharField carries (PostgreSQL cannot store it,
    and silently dropping it would hide that the input was not text).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        # Here rather than in __init__: forms add fields in their own __init__, after this mixin's.
        if self.is_bound:
            self.data = self._submitted_text_cleaned()
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators = [
                    NUL_VALIDATOR if isinstance(validator, ProhibitNullCharactersValidator) else validator
                    for validator in field.validators
                ]
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()

    def _submitted_text_cleaned(self):
        # A password is kept as typed: it is checked later by a login form that does not clean it.
        kept = {self.add_prefix(name) for name, field in self.fields.items() if _is_password(field)}
        if hasattr(self.data, "lists"):  # QueryDict, MultiValueDict: every value of a repeated key
            data = self.data.copy()
            for key, values in self.data.lists():
                if key not in kept:
                    data.setlist(key, _without_control_characters(values))
            return data
        return {key: value if key in kept else _without_control_characters(value) for key, value in self.data.items()}


class DateInput(forms.DateInput):
    """The browser's date picker; the value is sent as ISO (yyyy-mm-dd) whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
