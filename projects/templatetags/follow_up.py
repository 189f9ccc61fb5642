"""The follow-up blocks of a project's detail page (next steps, journal, funding, documents), read here.

`{% follow_up_blocks project user %}` reads what the blocks show in four queries, whatever their sizes: the
open next steps, the latest journal entries with their count, the funding lines (their totals are added
up from them), the documents. The project comes from projects.selectors.projects.project_get (its
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
def follow_up_blocks(project, user):
    return {
        "project": project,
        "may_edit": user.has_perm("projects.change_project", project),
        "today": timezone.localdate(),
        "next_steps": list(selectors.project_next_steps(project=project)),
        "journal": selectors.project_journal_block(project=project, user=user, limit=JOURNAL_BLOCK_ROWS),
        "funding": selectors.project_funding(project=project),
        "documents": list(selectors.project_documents(project=project, user=user)),
    }


@register.filter
def document_format(content_type):
    """The name users know a document's format by (PDF, DOCX…), from the content type recognised at upload."""
    return FORMAT_LABELS.get(content_type, content_type)


@register.filter
def document_size(size):
    return human_size(size or 0)
