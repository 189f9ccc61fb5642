"""Animation events pages: list with export, detail, record and edit."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import Column
from core.history import history_entries
from core.listing import list_or_export

from ..filters.events import AnimationEventFilter
from ..filters.preselection import preselected_territory
from ..forms.events import AnimationEventForm
from ..models import AnimationEvent, EngagedTerritory
from ..selectors import events as selectors
from ..services import events as services

EXPORT_COLUMNS = [
    Column(gettext_lazy("Date"), "date"),
    Column(gettext_lazy("Type d'action"), "get_kind_display"),
    Column(gettext_lazy("Intitulé"), "title"),
    Column(gettext_lazy("Territoire"), "territory.name"),
    Column(gettext_lazy("Participants"), "participants"),
    Column(
        gettext_lazy("Partenaires présents"),
        lambda event: ", ".join(actor.name for actor in event.partners_present.all()),
    ),
    Column(gettext_lazy("Idées produites"), "ideas_produced"),
    Column(gettext_lazy("Besoins liés"), "need_count"),
    Column(gettext_lazy("Compte rendu"), "summary"),
]


def event_list(request):
    queryset = selectors.event_list(user=request.user)
    listing, export = list_or_export(
        request, queryset, AnimationEventFilter, columns=EXPORT_COLUMNS, basename="actions-animation"
    )
    if export:
        return export
    totals = selectors.event_totals(listing.filterset.qs)
    can_add = EngagedTerritory.objects.editable_by(request.user).exists()
    return render(
        request, "territories/events/event_list.html", {"listing": listing, "totals": totals, "can_add": can_add}
    )


def event_detail(request, event):
    event = selectors.event_get(user=request.user, pk=event)
    context = {
        "event": event,
        "can_edit": request.user.has_perm("territories.change_animationevent", event),
        "history": history_entries(event),
    }
    return render(request, "territories/events/event_detail.html", context)


def event_create(request):
    initial = {}
    territory = preselected_territory(request)
    if territory is not None:
        initial["territory"] = territory
    form = AnimationEventForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(by=request.user, **form.event_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Action d'animation enregistrée."))
            return redirect("event_detail", event=event.pk)
    return render(request, "territories/events/event_form.html", {"form": form, "event": None})


def event_edit(request, event):
    event = get_object_or_404(AnimationEvent.objects.visible_to(request.user).select_related("territory"), pk=event)
    if not request.user.has_perm("territories.change_animationevent", event):
        raise PermissionDenied
    form = AnimationEventForm(request.POST or None, user=request.user, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(
                event=event, by=request.user, expected_version=form.expected_version, **form.event_data()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Action d'animation modifiée."))
            return redirect("event_detail", event=event.pk)
    return render(request, "territories/events/event_form.html", {"form": form, "event": event})
