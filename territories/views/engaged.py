"""Pages of engaged territories: list, territory page, create and edit, perimeter search, readiness."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import Column
from core.listing import list_or_export
from core.views import form_page, posted

from ..filters.engaged import PerimeterSearchForm, TerritoryFilter
from ..forms.engaged import ReadinessAssessmentForm, TerritoryForm
from ..models import EngagedTerritory
from ..selectors import engaged as selectors
from ..services import engaged as services

EXPORT_COLUMNS = [
    Column(gettext_lazy("Nom"), "name"),
    Column(gettext_lazy("Statut"), "get_status_display"),
    Column(gettext_lazy("Population"), "population"),
    Column(gettext_lazy("Nombre de communes"), "commune_count"),
    Column(gettext_lazy("Collectivité motrice"), "driving_authority.name"),
    Column(gettext_lazy("Acteur référent"), "referent_actor.name"),
    Column(gettext_lazy("Date de candidature"), "application_date"),
    Column(gettext_lazy("Date de sélection"), "selection_date"),
    Column(gettext_lazy("Date de lancement"), "launch_date"),
    Column(gettext_lazy("Convention de partenariat signée le"), "agreement_signed_date"),
    Column(gettext_lazy("Date de clôture"), "closing_date"),
]


def _territory_or_404(user, slug):
    try:
        return selectors.territory_get(user=user, slug=slug)
    except EngagedTerritory.DoesNotExist as error:
        raise Http404 from error


def territory_list(request):
    listing, export = list_or_export(
        request,
        selectors.territory_list(user=request.user),
        TerritoryFilter,
        columns=EXPORT_COLUMNS,
        basename="territoires",
    )
    if export:
        return export
    can_add = request.user.has_perm("territories.add_territory")
    return render(request, "territories/engaged/territory_list.html", {"listing": listing, "can_add": can_add})


def territory_detail(request, territory):
    territory = _territory_or_404(request.user, territory)
    user = request.user
    context = {
        "territory": territory,
        "can_edit": user.has_perm("territories.change_territory", territory),
        "can_assess": user.has_perm("territories.assess_readiness", territory),
        "can_add_in_territory": user.has_perm("territories.add_in_territory", territory),
        **selectors.territory_overview(user=user, territory=territory),
    }
    return render(request, "territories/engaged/territory_detail.html", context)


def _territory_form(request, territory, *, heading):
    return form_page(
        request,
        TerritoryForm(posted(request), instance=territory),
        create=services.territory_create,
        update=partial(services.territory_update, territory=territory),
        template="territories/engaged/territory_form.html",
        context={"heading": heading},
        success_url=lambda saved: reverse("territory_detail", kwargs={"territory": saved.slug}),
        created_message=_("Territoire « %(record)s » enregistré."),
        changed_message=_("Territoire « %(record)s » enregistré."),
    )


def territory_create(request):
    if not request.user.has_perm("territories.add_territory"):
        raise PermissionDenied
    return _territory_form(request, EngagedTerritory(), heading=_("Nouveau territoire d’expérimentation"))


def territory_edit(request, territory):
    territory = _territory_or_404(request.user, territory)
    if not request.user.has_perm("territories.change_territory", territory):
        raise PermissionDenied
    heading = _("Modifier le territoire « %(name)s »") % {"name": territory.name}
    return _territory_form(request, territory, heading=heading)


def perimeter_search(request):
    query = PerimeterSearchForm(request.GET).text().strip()
    suggestions = selectors.perimeter_suggestions(query)
    return render(
        request,
        "territories/engaged/perimeter_suggestions.html",
        {"suggestions": suggestions, "query": query},
    )


def readiness_assess(request, territory):
    territory = _territory_or_404(request.user, territory)
    if not request.user.has_perm("territories.assess_readiness", territory):
        raise PermissionDenied
    form = ReadinessAssessmentForm(request.POST or None, latest=selectors.readiness_latest(territory))
    if request.method == "POST" and form.is_valid():
        try:
            services.readiness_record(territory=territory, assessed_by=request.user, scores=form.scores())
        except ValidationError as error:
            for message in error.messages:
                form.add_error(message)
        else:
            messages.success(request, _("Évaluation des prérequis enregistrée."))
            return redirect("territory_detail", territory=territory.slug)
    return render(request, "territories/engaged/readiness_form.html", {"form": form, "territory": territory})
