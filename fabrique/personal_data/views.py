"""The coordinators' pages on a person's data: find them, export them as JSON, erase them, read the audit."""

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.listing import paginate

from . import selectors, services
from .forms import ErasureForm, PersonSearchForm

AUDITS_PER_PAGE = 50


def _search_page(request, search_form, erase_form=None, found=None):
    query = search_form.cleaned_data["q"] if search_form.is_bound and search_form.is_valid() else ""
    if query and found is None:
        found = selectors.person_matches(query=query)
    if query and erase_form is None:
        erase_form = ErasureForm(
            found=found or [],
            initial={"q": query, "records": [m.value for group in found or [] for m in group.matches]},
        )
    in_error = erase_form if erase_form is not None and erase_form.is_bound and erase_form.errors else search_form
    context = {
        "form": in_error,
        "search_form": search_form,
        "erase_form": erase_form,
        "query": query,
        "found": found or [],
        "count": sum(len(group.matches) for group in found or []),
    }
    return render(request, "fabrique/personal_data/search.html", context)


def personal_data_search(request):
    search_form = PersonSearchForm(request.GET if "q" in request.GET else None)
    return _search_page(request, search_form)


def _search_url(query):
    return f"{reverse('personal_data_search')}?{urlencode({'q': query})}"


@require_POST
def personal_data_export(request):
    search_form = PersonSearchForm(request.POST)
    if not search_form.is_valid():
        return _search_page(request, search_form)
    query = search_form.cleaned_data["q"]
    found = selectors.person_matches(query=query)
    if not found:
        messages.error(request, _("Aucune donnée personnelle ne correspond à cette recherche : rien à exporter."))
        return redirect(_search_url(query))
    document = services.personal_data_export(by=request.user, found=found)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    filename = f"donnees-personnelles-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def personal_data_erase(request):
    search_form = PersonSearchForm({"q": request.POST.get("q", "")})
    if not search_form.is_valid():
        return _search_page(request, search_form)
    found = selectors.person_matches(query=search_form.cleaned_data["q"])
    erase_form = ErasureForm(request.POST, found=found)
    if not erase_form.is_valid():
        return _search_page(request, search_form, erase_form=erase_form, found=found)
    audits = services.personal_data_erase(by=request.user, matches=erase_form.selected_matches())
    messages.success(
        request,
        ngettext(
            "%(count)s enregistrement anonymisé : la trace en est gardée ci-dessous.",
            "%(count)s enregistrements anonymisés : la trace en est gardée ci-dessous.",
            len(audits),
        )
        % {"count": len(audits)},
    )
    return redirect("personal_data_audit_list")


def personal_data_audit_list(request):
    listing = paginate(request, selectors.audit_list(), per_page=AUDITS_PER_PAGE)
    for audit in listing.page.object_list:
        audit.source_label = selectors.source_label(audit.source)
    return render(request, "fabrique/personal_data/audit_list.html", {"listing": listing, "audits": listing.page})
