"""Blocks that an app higher in the stack adds to a page of a lower one, without the lower one importing it.

The page names its place (« territories.need_detail ») and renders whatever blocks were registered there; the app
that provides a block registers it once, in its AppConfig.ready() (projects adds the suggested initiatives to a
need's page: territories never imports projects).

    # projects/apps.py
    panels.register("territories.need_detail")(need_suggestions)   # (request, record) -> HTML or None

    # territories/views/needs.py
    context["panels"] = panels.render("territories.need_detail", request, need)

    {% for panel in panels %}{{ panel }}{% endfor %}
"""

from collections import defaultdict
from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

Panel = Callable[..., "str | None"]

_registry: dict[str, list[Panel]] = defaultdict(list)


def register(page_name: str):
    """Decorator: show the block made by `function(request, record)` on the page `page_name`, after the blocks
    registered before it. Registering the same function twice shows it once."""

    def decorator(function: Panel) -> Panel:
        if function not in _registry[page_name]:
            _registry[page_name].append(function)
        return function

    return decorator


def unregister(page_name: str, function: Panel) -> None:
    """Take a block off a page (for tests)."""
    if function in _registry.get(page_name, ()):
        _registry[page_name].remove(function)


def render(page_name: str, request, record) -> list[SafeString]:
    """The HTML of every block registered for `page_name`, in order; a block that returns nothing is left out.

    A block renders its own template (which escapes what it shows): its HTML is trusted as it is."""
    blocks = []
    for function in _registry.get(page_name, ()):
        html = function(request, record)
        if html:
            blocks.append(mark_safe(html))  # noqa: S308 - rendered by the block's own template
    return blocks
