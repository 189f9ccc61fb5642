"""Animation events pages: list with export, detail, record and edit."""

from functools import partial

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import Column
from core.history import history_entries
from core.listing import list_or_export
from core.views import form_page, posted

from ..filters.events import AnimationEventFilter
from ..filters.preselection import preselected_territory
from ..forms.events import AnimationEventForm
from ..models import EngagedTerritory
from ..selectors import events as selectors
from ..services import events as services

EXPORT_COLUMNS = [
    Column(gettext_lazy("Date"), "date"),
    Column(gettext_lazy("Type d’action"), "get_kind_display"),
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
    totals = selectors.event_list_totals(user=request.user, filterset=listing.filterset)
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


def _event_form_page(request, form, event=None):
    return form_page(
        request,
        form,
        create=services.event_create,
        update=partial(services.event_update, event=event),
        template="territories/events/event_form.html",
        context={"event": event},
        success_url=lambda saved: reverse("event_detail", kwargs={"event": saved.pk}),
        created_message=_("Action d’animation « %(record)s » enregistrée."),
        changed_message=_("Action d’animation « %(record)s » modifiée."),
    )


def event_create(request):
    territory = preselected_territory(request)
    form = AnimationEventForm(posted(request), user=request.user, initial={"territory": territory})
    return _event_form_page(request, form)


def event_edit(request, event):
    event = selectors.event_get(user=request.user, pk=event)
    if not request.user.has_perm("territories.change_animationevent", event):
        raise PermissionDenied
    return _event_form_page(request, AnimationEventForm(posted(request), user=request.user, instance=event), event)
