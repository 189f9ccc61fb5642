"""A status written as a badge from Python, for the rows and blocks written by template tags (CONTRIBUTING,
"Speed"): the markup of templates/includes/status_badge.html, which templates include."""

from django.utils.html import format_html


def status_badge(value, label):
    """`<span class="badge status-badge status-<value>">label</span>`, both escaped."""
    return format_html('<span class="badge status-badge status-{}">{}</span>', value, label)
