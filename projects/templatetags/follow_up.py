"""The follow-up blocks of a project's detail page (next steps, journal, funding, documents), read here.

`{% follow_up_blocks project user follow_up %}` shows the open next steps, the latest journal entries with
their count, the funding lines (their totals added up from them) and the documents, from the follow-up the
page has read (projects.selectors.follow_up.project_follow_up: four queries whatever their sizes), or read
here when it has not. The project comes from projects.selectors.projects.project_get (its
territory read with it, for the permission).
"""

from django import template
from django.utils import timezone

from core.uploads import DOCUMENT_FORMATS, human_size

from ..selectors import follow_up as selectors

register = template.Library()

# The latest journal entries shown on the detail page; the journal page has them all.
JOURNAL_BLOCK_ROWS = 5

FORMAT_LABELS = {fmt.content_type: fmt.label for fmt in DOCUMENT_FORMATS}


@register.inclusion_tag("projects/follow_up/blocks.html")
def follow_up_blocks(project, user, follow_up=None):
    """The blocks, from `follow_up` (projects.selectors.follow_up.project_follow_up) when the page has read it."""
    follow_up = follow_up or selectors.project_follow_up(project=project, user=user)
    return {
        "project": project,
        "may_edit": user.has_perm("projects.change_project", project),
        "today": timezone.localdate(),
        "next_steps": follow_up.next_steps,
        "journal": follow_up.journal_block(limit=JOURNAL_BLOCK_ROWS),
        "funding": follow_up.funding,
        "documents": follow_up.documents,
    }


@register.filter
def document_format(content_type):
    """The name users know a document's format by (PDF, DOCX…), from the content type recognised at upload."""
    return FORMAT_LABELS.get(content_type, content_type)


@register.filter
def document_size(size):
    return human_size(size or 0)
