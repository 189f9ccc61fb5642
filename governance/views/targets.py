"""Pages of the yearly targets: the list (a table per year), the target form."""

from functools import partial

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import Column
from core.listing import list_or_export
from core.views import form_page, posted

from ..filters.targets import TargetFilter
from ..forms.targets import TargetForm
from ..selectors import targets as selectors
from ..services import targets as services

REGION = gettext_lazy("Région")
# The page lists more rows than other lists: a year of the region and a few territories fits on one.
TARGETS_PER_PAGE = 100

TARGET_COLUMNS = [
    Column(gettext_lazy("Année"), "year"),
    Column(gettext_lazy("Périmètre"), lambda target: target.territory.name if target.territory_id else str(REGION)),
    Column(gettext_lazy("Indicateur"), "get_indicator_display"),
    Column(gettext_lazy("Objectif"), "value"),
]


def target_list(request):
    listing, export = list_or_export(
        request,
        selectors.target_list(user=request.user),
        TargetFilter,
        columns=TARGET_COLUMNS,
        basename="objectifs",
        per_page=TARGETS_PER_PAGE,
    )
    if export:
        return export
    context = {"listing": listing, "may_manage": request.user.has_perm("governance.manage_targets")}
    return render(request, "governance/targets/target_list.html", context)


def _target_form_page(request, form, target=None):
    return form_page(
        request,
        form,
        create=services.target_create,
        update=partial(services.target_update, target=target),
        template="governance/targets/target_form.html",
        context={"target": target},
        success_url=lambda saved: reverse("target_list") + f"?annee={saved.year}",
        created_message=_("Objectif enregistré."),
        changed_message=_("Objectif modifié."),
    )


def target_create(request):
    return _target_form_page(request, TargetForm(posted(request)))


def target_edit(request, target):
    target = selectors.target_get(user=request.user, pk=target)
    return _target_form_page(request, TargetForm(posted(request), instance=target), target)
