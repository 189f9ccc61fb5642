"""The notification pages: « Mes notifications » for every signed-in user, « Envois » for coordinators."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import notifications
from core.listing import paginate

from . import selectors, services
from .forms import NotificationPreferencesForm, SendingsFilterForm

PER_PAGE = 25


def notification_preferences(request):
    user = request.user
    preferences = notifications.notification_preferences(user)
    if request.method == "POST":
        form = NotificationPreferencesForm(request.POST)
        if form.is_valid():
            try:
                notifications.notification_preferences_save(user=user, enabled=form.cleaned_data["kinds"])
            except ValidationError as error:
                form.add_error("kinds", error)
            else:
                messages.success(request, _("Vos préférences de notification sont enregistrées."))
                return redirect("notification_preferences")
    else:
        form = NotificationPreferencesForm(initial={"kinds": [kind.key for kind, on in preferences if on]})
    chosen = set(form["kinds"].value() or [])
    switches = [
        {"kind": kind, "on": (kind.key in chosen) if kind.optional else True, "id": f"id_kinds_{index}"}
        for index, (kind, _on) in enumerate(preferences)
    ]
    listing = paginate(request, selectors.notifications_received(user), per_page=PER_PAGE)
    for row in listing.rows:
        row.kind_label = notifications.kind_label(row.kind)
    context = {"form": form, "switches": switches, "listing": listing, "rows": listing.rows}
    return render(request, "fabrique/notifications/preferences.html", context)


def notification_sendings(request):
    form = SendingsFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    rows = selectors.notification_sendings(viewer=request.user, **filters)
    listing = paginate(request, rows, per_page=PER_PAGE)
    for row in listing.rows:
        row.kind_label = notifications.kind_label(row.kind)
    context = {
        "form": form,
        "listing": listing,
        "rows": listing.rows,
        "refused": list(selectors.refused_addresses(viewer=request.user)[:100]),
    }
    return render(request, "fabrique/notifications/sendings.html", context)


@require_POST
def notification_refusal_clear(request, user):
    person = get_object_or_404(selectors.refused_addresses(viewer=request.user), pk=user)
    services.user_email_refusal_clear(user=person, by=request.user)
    messages.success(request, _("L’adresse %(email)s est marquée comme corrigée.") % {"email": person.email})
    return redirect("notification_sendings")
