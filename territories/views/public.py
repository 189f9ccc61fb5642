"""Public pages, open without an account: the call for ideas of each active territory and its receipt."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.client import client_address

from ..forms.public import CallForIdeasForm
from ..models import EngagedTerritory, Need
from ..services import public as services

RECEIPT_SESSION_KEY = "call_for_ideas_receipt"
RATE_LIMITED_MESSAGE = _(
    "Vous avez déjà envoyé plusieurs idées dans l’heure. Merci ! Pour éviter les abus, réessayez un peu plus tard."
)


def call_for_ideas(request, territory):
    territory = get_object_or_404(EngagedTerritory.objects.accepting_ideas(), slug=territory)
    address = client_address(request)
    form = CallForIdeasForm(request.POST or None)
    if request.method == "POST":
        if services.call_for_ideas_rate_limited(territory=territory, client_address=address):
            return _rate_limited(request, territory, form)
        if form.is_valid():
            if not services.call_for_ideas_count_submission(territory=territory, client_address=address):
                return _rate_limited(request, territory, form)
            if form.is_from_robot():
                # Pretend success: a robot learns nothing, and nothing is saved.
                request.session.pop(RECEIPT_SESSION_KEY, None)
                return redirect("call_for_ideas_receipt", territory=territory.slug)
            data = form.cleaned_data
            need = services.call_for_ideas_submit(
                territory=territory,
                text=data["text"],
                sector=data["sector"],
                name=data["name"],
                email=data["email"],
                consent=data["consent"],
                page_url=request.build_absolute_uri(reverse("call_for_ideas", kwargs={"territory": territory.slug})),
            )
            request.session[RECEIPT_SESSION_KEY] = {
                "territory": territory.pk,
                "need": need.pk,
                "emailed": bool(data["email"]),
            }
            return redirect("call_for_ideas_receipt", territory=territory.slug)
    return render(request, "territories/public/call_for_ideas.html", {"territory": territory, "form": form})


def _rate_limited(request, territory, form):
    context = {"territory": territory, "form": form, "rate_limited_message": RATE_LIMITED_MESSAGE}
    return render(request, "territories/public/call_for_ideas.html", context, status=429)


def call_for_ideas_receipt(request, territory):
    territory = get_object_or_404(EngagedTerritory.objects.accepting_ideas(), slug=territory)
    receipt = request.session.get(RECEIPT_SESSION_KEY) or {}
    need = None
    if receipt.get("territory") == territory.pk:
        need = (
            Need.objects.filter(pk=receipt.get("need"), territory=territory, source=Need.Source.CALL_FOR_IDEAS)
            .select_related("sector")
            .first()
        )
    context = {
        "territory": territory,
        "need": need,
        "reference": services.call_for_ideas_reference(need) if need else None,
        "emailed": bool(receipt.get("emailed")) and need is not None,
    }
    return render(request, "territories/public/call_for_ideas_receipt.html", context)
