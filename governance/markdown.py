"""Markdown rendered safely (minutes, decision texts): raw HTML is never passed through, and the result is
cleaned by nh3 to a short list of tags; links keep http, https and mailto only, with rel="nofollow noopener"."""

import xml.etree.ElementTree as ET

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "em",
        "b",
        "i",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener"
# Left out with their content, not merely unwrapped.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "textarea"})
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


class _ShiftHeadings(Treeprocessor):
    """The page around the text has its own headings: the text's # becomes an h(1 + offset)."""

    def __init__(self, md, offset):
        super().__init__(md)
        self.offset = offset

    def run(self, root: ET.Element):
        for element in root.iter():
            if element.tag in HEADINGS:
                level = min(6, int(element.tag[1]) + self.offset)
                element.tag = f"h{level}"


class _SafeMarkdown(Extension):
    """No raw HTML: the block and inline HTML readers are removed, so `<script>` is shown as text."""

    def __init__(self, heading_offset=0, **kwargs):
        self.heading_offset = heading_offset
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 (the markdown package's name)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        if self.heading_offset:
            md.treeprocessors.register(_ShiftHeadings(md, self.heading_offset), "shift_headings", 5)


def render_markdown(text: str | None, *, heading_offset: int = 0) -> SafeString:
    """The HTML of a Markdown text, safe to put in a page."""
    if not text:
        return mark_safe("")
    html = markdown.markdown(
        str(text),
        extensions=["tables", "sane_lists", _SafeMarkdown(heading_offset=max(0, int(heading_offset)))],
        output_format="html",
    )
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={name: set(values) for name, values in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 (cleaned by nh3 just above)
