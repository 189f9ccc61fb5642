"""The project's form renderer: Django's own, with the drop-down lists written in Python.

Django renders each <option> through a template include, about 50 µs an option; a filter form with the
300 engaged territories spent more time on its drop-down than the whole list page of the admin. The markup
written here is the one of Django's `select.html` and `select_option.html`, byte for byte; a widget with
its own option template keeps Django's path.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


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


def render_select(widget: dict) -> str:
    out = [f'<select name="{conditional_escape(widget["name"])}"{html_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in options:
            out.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"{html_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return mark_safe("".join(out))


def _options_are_plain(widget: dict) -> bool:
    return all(
        option.get("template_name") == OPTION_TEMPLATE
        for _name, options, _index in widget["optgroups"]
        for option in options
    )


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE and _options_are_plain(context["widget"]):
            return render_select(context["widget"])
        return super().render(template_name, context, request=request)
