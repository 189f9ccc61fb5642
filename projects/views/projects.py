"""Pages of one project: create and edit, its detail with its timeline, its history and its social-innovation grid."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.history import history_entries
from core.views import add_service_error, form_page, posted
from territories.filters.preselection import preselected_territory

from .. import stages
from ..forms.criteria import CriteriaForm
from ..forms.projects import ProjectForm, StartFromForm
from ..models import Project
from ..selectors import projects as selectors
from ..selectors.follow_up import project_follow_up
from ..selectors.timeline import project_timeline
from ..services import criteria as criteria_services
from ..services import projects as services

# The project leader's personal data: shown to those who may read it, masked for the others.
LEADER_PERSONAL_FIELDS = ("leader_name", "leader_email", "leader_phone")


def stage_path(project: Project):
    """The six stages in order, each "done", "current" or "todo" for the project's stage."""
    path, reached = [], True
    for value, label in Project.Stage.choices:
        current = value == project.stage
        path.append(
            {"value": value, "label": label, "state": "current" if current else ("done" if reached else "todo")}
        )
        if current:
            reached = False
    return path


def _project_form_page(request, form, project=None):
    return form_page(
        request,
        form,
        create=services.project_create,
        update=partial(services.project_update, project=project),
        template="projects/projects/form.html",
        context={"project": project},
        success_url=lambda saved: reverse("project_detail", kwargs={"project": saved.pk}),
        created_message=_("Projet « %(record)s » enregistré à l’étape « idée détectée »."),
        changed_message=_("Projet « %(record)s » modifié."),
    )


def project_create(request):
    # Started from a need's or an opportunity's page, the form opens with them (and their territory).
    initial = StartFromForm(request.GET, user=request.user).initial_values()
    initial.setdefault("territory", preselected_territory(request))
    form = ProjectForm(posted(request), user=request.user, initial=initial)
    return _project_form_page(request, form)


def project_edit(request, project):
    project = selectors.project_get(user=request.user, pk=project)
    if not request.user.has_perm("projects.change_project", project):
        raise PermissionDenied
    form = ProjectForm(posted(request), instance=project, user=request.user)
    return _project_form_page(request, form, project)


def project_detail(request, project):
    project = selectors.project_get(user=request.user, pk=project)
    user = request.user
    may_move = user.has_perm("projects.move_project", project)
    # Read once for the follow-up blocks and the timeline.
    follow_up = project_follow_up(project=project, user=user)
    context = {
        "project": project,
        "may_edit": user.has_perm("projects.change_project", project),
        "may_move": may_move and bool(stages.allowed_targets(project)),
        "may_score": user.has_perm("projects.score_project", project),
        "show_personal_data": user.has_perm("projects.view_leader_personal_data", project),
        "stage_path": stage_path(project),
        "criteria": selectors.project_criterion_scores(project=project),
        "follow_up": follow_up,
        "timeline": project_timeline(project=project, user=user, follow_up=follow_up),
    }
    return render(request, "projects/projects/detail.html", context)


def _without_personal_data(entries):
    """The history with the leader's name, e-mail and phone masked, for those who may not read them."""
    masked = {str(Project._meta.get_field(name).verbose_name) for name in LEADER_PERSONAL_FIELDS}
    for entry in entries:
        for change in entry.changes:
            if change.field in masked:
                change.old = change.new = _("(masqué)")
    return entries


def project_history(request, project):
    project = selectors.project_get(user=request.user, pk=project)
    show_personal_data = request.user.has_perm("projects.view_leader_personal_data", project)
    history = history_entries(project)
    context = {
        "project": project,
        "history": history if show_personal_data else _without_personal_data(history),
        "show_personal_data": show_personal_data,
        "stage_changes": selectors.project_stage_changes(project=project),
    }
    return render(request, "projects/projects/history.html", context)


def project_scores(request, project):
    """The social-innovation grid: each active criterion scored 0 to 3 with a comment, saved all or nothing."""
    project = selectors.project_get(user=request.user, pk=project)
    if not request.user.has_perm("projects.score_project", project):
        raise PermissionDenied
    form = CriteriaForm(posted(request), grid=selectors.project_criterion_scores(project=project))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                for criterion, score, comment in form.changes():
                    criteria_services.project_score_criterion(
                        project=project, by=request.user, criterion=criterion, score=score, comment=comment
                    )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Grille d’innovation sociale de « %(record)s » enregistrée.") % {"record": project}
            )
            return redirect("project_detail", project=project.pk)
    return render(request, "projects/projects/scores.html", {"form": form, "project": project})
