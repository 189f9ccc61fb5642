"""Pages of a project's follow-up: journal entries, next steps, funding lines, documents, and funders' totals."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.documents import attachment_response
from core.exports import Column
from core.history import history_entries
from core.listing import list_or_export, paginate
from core.views import form_page, posted

from ..filters.follow_up import FunderTotalsFilter
from ..forms.follow_up import DocumentForm, FundingLineForm, JournalEntryForm, NextStepForm
from ..selectors import follow_up as selectors
from ..selectors.projects import project_get
from ..services import documents as document_services
from ..services import funding as funding_services
from ..services import journal as journal_services

FUNDER_TOTALS_PER_PAGE = 50
FUNDER_TOTALS_COLUMNS = [
    Column(gettext_lazy("Financeur"), lambda row: row["funder__name"]),
    Column(gettext_lazy("Année"), lambda row: row["year"]),
    Column(gettext_lazy("Projets"), lambda row: row["projects"]),
    Column(gettext_lazy("Prévu (€)"), lambda row: row["planned"]),
    Column(gettext_lazy("Demandé (€)"), lambda row: row["requested"]),
    Column(gettext_lazy("Accordé (€)"), lambda row: row["granted"]),
]


def _detail_url(project, anchor=""):
    return reverse("project_detail", kwargs={"project": project.pk}) + anchor


def _editable_project(request, pk):
    """The project, if the user reads it (else 404) and may change it (else 403)."""
    project = project_get(user=request.user, pk=pk)
    if not request.user.has_perm("projects.change_project", project):
        raise PermissionDenied
    return project


def _create_page(request, form, *, project, create, template, anchor, created_message, context=None):
    return form_page(
        request,
        form,
        create=partial(create, project=project),
        update=None,
        template=template,
        context={"project": project, **(context or {})},
        success_url=lambda saved: _detail_url(project, anchor),
        created_message=created_message,
        changed_message="",
    )


def journal_entry_create(request, project):
    project = _editable_project(request, project)
    return _create_page(
        request,
        JournalEntryForm(posted(request)),
        project=project,
        create=journal_services.journal_entry_create,
        template="projects/follow_up/journal_entry_form.html",
        anchor="#journal",
        created_message=_("Note de suivi ajoutée au journal."),
    )


def project_journal(request, project):
    """Every journal entry of the project the user may read, a page at a time."""
    project = project_get(user=request.user, pk=project)
    listing = paginate(request, selectors.project_journal(project=project, user=request.user))
    context = {
        "project": project,
        "listing": listing,
        "may_edit": request.user.has_perm("projects.change_project", project),
    }
    return render(request, "projects/follow_up/journal.html", context)


def next_step_create(request, project):
    project = _editable_project(request, project)
    return _create_page(
        request,
        NextStepForm(posted(request), project=project, user=request.user),
        project=project,
        create=journal_services.next_step_create,
        template="projects/follow_up/next_step_form.html",
        anchor="#prochaines-etapes",
        created_message=_("Prochaine étape « %(record)s » enregistrée."),
    )


@require_POST
def next_step_done(request, next_step):
    next_step = selectors.next_step_get(user=request.user, pk=next_step)
    project = next_step.project
    if not request.user.has_perm("projects.change_project", project):
        raise PermissionDenied
    try:
        journal_services.next_step_done(by=request.user, next_step=next_step)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, _("Prochaine étape « %(record)s » faite.") % {"record": next_step})
    return redirect(_detail_url(project, "#prochaines-etapes"))


def funding_line_create(request, project):
    project = _editable_project(request, project)
    return _create_page(
        request,
        FundingLineForm(posted(request)),
        project=project,
        create=funding_services.funding_line_create,
        template="projects/follow_up/funding_line_form.html",
        anchor="#financements",
        created_message=_("Financement enregistré."),
    )


def funding_line_edit(request, funding_line):
    funding_line = selectors.funding_line_get(user=request.user, pk=funding_line)
    project = funding_line.project
    if not request.user.has_perm("projects.change_project", project):
        raise PermissionDenied
    return form_page(
        request,
        FundingLineForm(posted(request), instance=funding_line),
        create=None,
        update=partial(funding_services.funding_line_update, funding_line=funding_line),
        template="projects/follow_up/funding_line_form.html",
        context={"project": project, "funding_line": funding_line, "history": history_entries(funding_line)},
        success_url=lambda saved: _detail_url(project, "#financements"),
        created_message="",
        changed_message=_("Financement modifié."),
    )


def document_create(request, project):
    project = _editable_project(request, project)
    form = DocumentForm(posted(request), request.FILES if request.method == "POST" else None)
    return _create_page(
        request,
        form,
        project=project,
        create=document_services.document_create,
        template="projects/follow_up/document_form.html",
        anchor="#documents",
        created_message=_("Document « %(record)s » déposé."),
    )


def document_download(request, document):
    """The file, as an attachment with the type recognised at upload; only once access is checked."""
    document = selectors.document_get(user=request.user, pk=document)
    return attachment_response(document.file, filename=document.original_name, content_type=document.content_type)


def funder_totals(request):
    """Amounts planned, requested and granted per funder and year, over the projects the user reads."""
    filterset_rows = selectors.funding_lines(user=request.user)
    listing, export = list_or_export(
        request,
        filterset_rows,
        FunderTotalsFilter,
        columns=FUNDER_TOTALS_COLUMNS,
        basename="financements-par-financeur",
        per_page=FUNDER_TOTALS_PER_PAGE,
    )
    if export:
        return export
    context = {"listing": listing, "totals": selectors.funding_grand_totals(listing.filterset.lines)}
    return render(request, "projects/follow_up/funder_totals.html", context)
