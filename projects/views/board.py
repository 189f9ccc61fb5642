"""The pipeline board (a column per stage) and the stage-change form it opens with htmx."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.listing import active_filter_count
from core.views import add_service_error, posted

from .. import stages
from ..filters.board import BoardFilter
from ..forms.stages import StageChangeForm
from ..selectors import board as board_selectors
from ..selectors import projects as project_selectors
from ..services import projects as services

# The board's own parameters, which a chip's « remove » link or a column's list link drops.
NOT_FILTERS = ("page", "export")
CHIP_FILTERS = ("territoire", "filiere", "referent", "q")


def _is_htmx(request):
    return request.headers.get("HX-Request") == "true"


def _query(params, **changes):
    query = params.copy()
    for name in NOT_FILTERS:
        query.pop(name, None)
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    return query.urlencode()


def _chips(filterset, params):
    """The active filters as removable chips: (label, value, query without it)."""
    form = filterset.form
    form.is_valid()
    cleaned = form.cleaned_data
    chips = []
    for name in CHIP_FILTERS:
        value = cleaned.get(name)
        if not value or name not in filterset.filters:
            continue
        if name == "territoire":
            shown = dict(filterset.filters["territoire"].rows()).get(value, value)
        elif name == "filiere":
            shown = value.name
        elif name == "referent":
            shown = dict(filterset.referent_choices()).get(value, value)
        else:
            shown = f"« {value} »"
        chips.append({"label": form[name].label, "value": shown, "query": _query(params, **{name: None})})
    return chips


def _board_context(request):
    user = request.user
    rows = board_selectors.board_projects(user=user)
    filterset = BoardFilter(request.GET or None, queryset=rows, request=request)
    filtered = active_filter_count(filterset) > 0
    all_rows = None
    if filtered:
        # The same perimeter (a referent's territories, or the region), without the other filters.
        perimeter = QueryDict(mutable=True)
        if "perimetre" in filterset.filters and filterset.form.is_valid():
            perimeter["perimetre"] = filterset.form.cleaned_data.get("perimetre") or ""
        all_rows = BoardFilter(perimeter or None, queryset=rows, request=request).qs
    board = board_selectors.project_board(rows=filterset.qs, all_rows=all_rows)
    list_url = reverse("project_list")
    for column in board.columns:
        column.list_url = f"{list_url}?{_query(request.GET, etape=column.stage)}"
        for card in column.cards:
            card.may_move = bool(stages.allowed_targets(card)) and user.has_perm("projects.move_project", card)
    return {
        "board": board,
        "filterset": filterset,
        "filtered": filtered,
        "chips": _chips(filterset, request.GET) if filtered else [],
        "scope": getattr(filterset, "scope", None),
        "list_url": list_url,
        "next": request.get_full_path(),
    }


def project_board(request):
    context = _board_context(request)
    template = "projects/board/columns.html" if _is_htmx(request) else "projects/board/board.html"
    return render(request, template, context)


def _safe_next(request, fallback):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return fallback


def project_move(request, project):
    """The stage-change form: GET shows it (an htmx fragment for the board's dialog, a page otherwise); POST moves
    the project through services.project_move_to_stage, which refuses an illegal move with its reason."""
    project = project_selectors.project_get(user=request.user, pk=project)
    if not request.user.has_perm("projects.move_project", project):
        raise PermissionDenied
    detail_url = reverse("project_detail", kwargs={"project": project.pk})
    next_url = _safe_next(request, detail_url)
    form = StageChangeForm(posted(request), project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_move_to_stage(
                project=project, by=request.user, expected_version=form.expected_version, **form.service_data()
            )
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied as error:
            # The move itself was allowed to this user; entering a committee stage was not (stages.check_move).
            form.add_error("to_stage", str(error) or _("Vous ne pouvez pas faire passer ce projet à cette étape."))
        else:
            messages.success(
                request,
                _("Projet « %(record)s » : étape « %(stage)s ».")
                % {"record": project, "stage": stages.STEP_LABELS[stages.current_step(project)]},
            )
            if _is_htmx(request):
                # The page behind the dialog (the board, the detail) is read again: counts, cards, the message.
                response = HttpResponse(status=204)
                response["HX-Refresh"] = "true"
                return response
            return redirect(next_url)
    context = {
        "form": form,
        "project": project,
        "current_label": stages.STEP_LABELS[stages.current_step(project)],
        "next": next_url,
        "detail_url": detail_url,
        "in_dialog": _is_htmx(request),
    }
    template = "projects/board/move_form.html" if _is_htmx(request) else "projects/board/move.html"
    return render(request, template, context)
