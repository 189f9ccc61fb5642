"""URLs of a project's follow-up: journal, next steps, funding lines, documents, funders' totals."""

from django.urls import path

from core.access import EDITORS, READERS, policy

from ..views import follow_up as views

urlpatterns = [
    path("<int:project>/journal/", policy(READERS)(views.project_journal), name="project_journal"),
    path(
        "<int:project>/journal/nouvelle-entree/",
        policy(EDITORS)(views.journal_entry_create),
        name="journal_entry_create",
    ),
    path("<int:project>/prochaine-etape/", policy(EDITORS)(views.next_step_create), name="next_step_create"),
    path(
        "prochaines-etapes/<int:next_step>/faite/",
        policy(EDITORS)(views.next_step_done),
        name="next_step_done",
    ),
    path(
        "<int:project>/financements/nouveau/",
        policy(EDITORS)(views.funding_line_create),
        name="funding_line_create",
    ),
    path(
        "financements/<int:funding_line>/modifier/",
        policy(EDITORS)(views.funding_line_edit),
        name="funding_line_edit",
    ),
    path("financements/", policy(READERS)(views.funder_totals), name="funder_totals"),
    path("<int:project>/documents/nouveau/", policy(EDITORS)(views.document_create), name="document_create"),
    path("documents/<int:document>/", policy(READERS)(views.document_download), name="document_download"),
]
