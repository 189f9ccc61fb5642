"""Governance texts in templates: Markdown rendered safely (`{{ meeting.minutes|markdown:2 }}`) and the badge of
a decision's outcome, written in Python (a meeting page shows many)."""

from django import template

from core.badges import status_badge

from ..markdown import render_markdown
from ..services.decisions import outcome_label

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text, heading_offset=0):
    """The text as safe HTML; the argument moves its headings down (2: a `#` becomes an h3)."""
    try:
        offset = int(heading_offset)
    except (TypeError, ValueError):
        offset = 0
    return render_markdown(text, heading_offset=offset)


@register.simple_tag
def decision_badge(decision):
    """The outcome of a decision as a badge (the markup of templates/includes/status_badge.html)."""
    return status_badge(decision.outcome, outcome_label(decision.outcome))


@register.filter
def outcome(decision):
    """The outcome's label in French typography: `{{ decision|outcome }}`."""
    return outcome_label(decision.outcome)
