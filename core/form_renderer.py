"""The project's form renderer: Django's own, with the drop-down lists and lists of boxes written in Python.

Django renders each <option> through a template include, about 50 µs an option; a filter form with the
300 engaged territories spent more time on its drop-down than the whole list page of the admin, and the
5,000 actors of a national base, one box each, would take a quarter of a second. The markup written here is
the one of Django's `select.html` and `select_option.html`, and of `checkbox_select.html` (through
`multiple_input.html` and `checkbox_option.html`), byte for byte; a widget with its own option template
keeps Django's path.
"""

import html

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
CHECKBOX_SELECT_TEMPLATE = "django/forms/widgets/checkbox_select.html"
CHECKBOX_OPTION_TEMPLATE = "django/forms/widgets/checkbox_option.html"


def html_attrs(attrs: dict) -> str:
    """The attributes as Django's `attrs.html` writes them: False left out, True as a bare name."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(value)}"')
    return "".join(parts)


def _escape(value) -> str:
    """`conditional_escape` without its lazy-string wrapper, for the hundreds of options of one drop-down: the
    same text (Django's `escape` is the standard library's), a third of the time."""
    if isinstance(value, SafeData):
        return value
    return html.escape(str(value))


def render_select(widget: dict) -> str:
    out = [f'<select name="{conditional_escape(widget["name"])}"{html_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in options:
            attrs = html_attrs(option["attrs"]) if option["attrs"] else ""
            out.append(f'\n  <option value="{_escape(option["value"])}"{attrs}>{_escape(option["label"])}</option>\n')
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return mark_safe("".join(out))


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{value}{html_attrs(widget['attrs'])}>\n"
    )


def _checkbox_option(option: dict) -> str:
    if not option["wrap_label"]:
        return _input(option) + "\n"
    option_id = option["attrs"].get("id")
    label_for = f' for="{conditional_escape(option_id)}"' if option_id else ""
    return f"<label{label_for}>{_input(option)} {conditional_escape(option['label'])}</label>\n\n"


def render_checkbox_select(widget: dict) -> str:
    attrs = widget["attrs"]
    out = ["<div"]
    if attrs.get("id"):
        out.append(f' id="{conditional_escape(attrs["id"])}"')
    if attrs.get("class"):
        out.append(f' class="{conditional_escape(attrs["class"])}"')
    out.append(">")
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(format_html("\n  <div><label>{}</label>", group_name))
        for option in options:
            out.append(f"<div>\n    {_checkbox_option(option)}</div>")
        if group_name:
            out.append("\n  </div>")
    out.append("\n</div>")
    return mark_safe("".join(out))


def _options_are_plain(widget: dict, template_name: str) -> bool:
    return all(
        option.get("template_name") == template_name
        for _name, options, _index in widget["optgroups"]
        for option in options
    )


class PlainChoices(BaseChoiceIterator):
    """Choices already in Django's normal form — (value, label) pairs — read from `read()` when first needed and
    kept: a field keeps such an iterator as it is, where it normalizes a list, or a callable's result, pair by pair
    on every reading (the 300 territories of a filter, read to check a value and again to draw the drop-down).
    Shared, not copied, by the copies Django makes of a form."""

    def __init__(self, read):
        self.read = read
        self.pairs = None

    def __iter__(self):
        if self.pairs is None:
            self.pairs = list(self.read())
        return iter(self.pairs)

    def __deepcopy__(self, memo):
        return self


class PlainSelect(forms.Select):
    """A drop-down of hundreds of plain options (the engaged territories of a list's filter), listed without
    Django's building of each one (`create_option` copies attributes and fills a dictionary per option, more time
    than the writing itself), then written by `render_select` like any other: the same markup, the same single
    selection (the first option matching the value). Choices with groups take Django's path."""

    def optgroups(self, name, value, attrs=None):
        options, chosen = [], False
        for option_value, label in self.choices:  # read once: the choices may be built on each reading
            if isinstance(label, (list, tuple)):
                return super().optgroups(name, value, attrs)
            option_value = "" if option_value is None else str(option_value)
            selected = not chosen and option_value in value
            chosen = chosen or selected
            options.append(
                {
                    "value": option_value,
                    "label": label,
                    "attrs": {"selected": True} if selected else {},
                    "template_name": self.option_template_name,
                }
            )
        return [(None, options, 0)]


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE and _options_are_plain(context["widget"], OPTION_TEMPLATE):
            return render_select(context["widget"])
        if template_name == CHECKBOX_SELECT_TEMPLATE and _options_are_plain(
            context["widget"], CHECKBOX_OPTION_TEMPLATE
        ):
            return render_checkbox_select(context["widget"])
        return super().render(template_name, context, request=request)
