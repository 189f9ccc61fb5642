"""Pages of the annual committee packs: the list, the request form, a pack's page (its progress polled while it
builds, then its content and files), publishing, and the downloads."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.documents import attachment_response
from core.exports import Column
from core.listing import list_or_export
from core.views import form_page, posted

from ..charts import pack_charts
from ..filters.packs import PackFilter
from ..forms.packs import PackRequestForm
from ..models import CommitteePack
from ..packs.snapshot import QUARTERS
from ..selectors import committees as committee_selectors
from ..selectors import packs as selectors
from ..services import packs as services

PACK_COLUMNS = [
    Column(gettext_lazy("Comité"), "committee.name"),
    Column(gettext_lazy("Année"), "year"),
    Column(gettext_lazy("Version"), "number"),
    Column(gettext_lazy("État"), "get_status_display"),
    Column(gettext_lazy("Préparé le"), "built_at"),
    Column(gettext_lazy("Publié le"), "published_at"),
]
FILE_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The pack page polls its progress this often while the pack builds.
POLL_SECONDS = 2


def pack_list(request):
    listing, export = list_or_export(
        request, selectors.pack_list(user=request.user), PackFilter, columns=PACK_COLUMNS, basename="dossiers-annuels"
    )
    if export:
        return export
    context = {"listing": listing, "may_manage": request.user.has_perm(services.MANAGE)}
    return render(request, "governance/packs/pack_list.html", context)


def pack_request(request, committee):
    committee = committee_selectors.committee_get(user=request.user, pk=committee)
    if not request.user.has_perm(services.MANAGE):
        raise PermissionDenied
    initial = None
    if request.method != "POST":
        foreword, plan = selectors.pack_last_texts(committee=committee)
        initial = {"foreword": foreword, "next_year_plan": plan}
    form = PackRequestForm(posted(request), initial=initial)
    if request.method != "POST":
        form.fields["year"].initial = form.this_year - 1

    def create(*, by, **data):
        return services.pack_request(committee=committee, by=by, **data)

    return form_page(
        request,
        form,
        create=create,
        update=None,
        template="governance/packs/pack_request.html",
        success_url=lambda pack: reverse("pack_detail", kwargs={"pack": pack.pk}),
        created_message=_("Dossier « %(record)s » demandé : il se prépare, cette page montre son avancement."),
        changed_message="",
        context={"committee": committee},
    )


def _is_building(pack):
    return pack.status in (CommitteePack.Status.REQUESTED, CommitteePack.Status.BUILDING)


def _progress_context(request, pack):
    return {
        "pack": pack,
        "building": _is_building(pack),
        "poll_seconds": POLL_SECONDS,
        "may_manage": request.user.has_perm(services.MANAGE),
    }


def pack_detail(request, pack):
    pack = selectors.pack_get(user=request.user, pk=pack)
    snapshot = pack.snapshot if pack.status == CommitteePack.Status.READY else {}
    context = {
        **_progress_context(request, pack),
        "snapshot": snapshot,
        "charts": pack_charts(snapshot) if snapshot else {},
        "quarters": QUARTERS,
        "versions": list(selectors.pack_versions(pack=pack, user=request.user)),
    }
    return render(request, "governance/packs/pack_detail.html", context)


def pack_progress(request, pack):
    """The progress block alone, polled by the pack page; once the build is over the page reloads to show it."""
    pack = selectors.pack_get(user=request.user, pk=pack)
    response = render(request, "governance/packs/_progress.html", _progress_context(request, pack))
    if request.headers.get("HX-Request") and not _is_building(pack):
        response["HX-Refresh"] = "true"
    return response


@require_POST
def pack_publish(request, pack):
    pack = selectors.pack_get(user=request.user, pk=pack)
    try:
        services.pack_publish(pack=pack, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Dossier publié : les membres du comité peuvent le lire et le télécharger."))
    return redirect("pack_detail", pack=pack.pk)


def pack_download(request, pack, file_format):
    """The PDF or the workbook, as an attachment, once access is checked."""
    if file_format not in FILE_TYPES:
        raise Http404
    pack = selectors.pack_get(user=request.user, pk=pack)
    stored = getattr(pack, file_format)
    if pack.status != CommitteePack.Status.READY or not stored:
        raise Http404
    name = f"dossier-annuel-{pack.year}-v{pack.number}.{file_format}"
    return attachment_response(stored, filename=name, content_type=FILE_TYPES[file_format])
