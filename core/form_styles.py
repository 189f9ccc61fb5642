"""The base mixin of every form: Bootstrap classes, errors tied to their field, text cleaned at the door."""

from dataclasses import dataclass

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from .text import strip_control_characters

# Django's own message ("Le caractère nul n'est pas autorisé.") does not tell people what to do about a
# character they cannot see: it comes from a paste, and typing the text again is the way out.
NUL_REFUSED = _(
    "Ce texte contient un caractère nul (invisible, souvent venu d’un copier-coller) : "
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


@dataclass(frozen=True)
class SummaryItem:
    """One line of the error summary: a field's label and messages with the id to link to, or a form's error."""

    message: str
    label: str = ""
    anchor: str = ""


def error_summary(form, *, label_prefix="") -> list[SummaryItem]:
    """The errors of a bound form, for the summary above it: the form's own errors first, then one line per
    field in error, in the order of the form, each linking to its field (the first box of a group)."""
    if not form.is_bound or not form.errors:
        return []
    items = [SummaryItem(message=str(error)) for error in form.non_field_errors()]
    for name, field in form.fields.items():
        errors = form.errors.get(name)
        if not errors:
            continue
        bound = form[name]
        message = " ".join(str(error) for error in errors)
        if bound.is_hidden:
            items.append(SummaryItem(message=message))
            continue
        anchor = bound.auto_id
        if isinstance(field.widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
            anchor = f"{anchor}_0"  # the group has no id of its own: its first box
        items.append(SummaryItem(message=message, label=f"{label_prefix}{bound.label}", anchor=anchor))
    return items


class CheckboxList(forms.CheckboxSelectMultiple):
    """Several choices as one box each, under the fieldset and legend of includes/form_fields.html.

    The boxes take the form's classes, the group around them does not. `filterable=True` adds a search box
    that narrows the visible boxes when JavaScript runs (static/core/checkbox-filter.js), for long lists such
    as the actors; without JavaScript every box is shown.
    """

    def __init__(self, attrs=None, choices=(), *, filterable=False):
        super().__init__(attrs=attrs, choices=choices)
        self.filterable = filterable

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        group = context["widget"]["attrs"]
        for attribute in ("class", "aria-invalid", "aria-describedby"):
            group.pop(attribute, None)  # the fieldset carries the description of the errors
        return context


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
            if isinstance(widget, forms.CheckboxSelectMultiple) and not isinstance(widget, CheckboxList):
                continue  # Django would put the box's class on the group around the boxes too
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
                described_by = [f"{self[name].auto_id}_helptext"] if self.fields[name].help_text else []
                attrs["aria-describedby"] = " ".join([*described_by, f"{self[name].auto_id}_error"])
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()

    def error_summary(self):
        return error_summary(self)

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
