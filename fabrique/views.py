"""Base views: the home page of each role, invitations and the error pages."""

from allauth.account.utils import perform_login
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import aggregates
from core import personal_data as personal_data_registry
from core.listing import paginate
from core.roles import Role

from . import selectors, services
from .dashboard.selectors import coordinator_to_do
from .dashboard.views import dashboard_context
from .forms import InvitationAcceptForm, InvitationForm
from .models import Invitation

HOME_TERRITORIES_PER_PAGE = 10
HOME_TEMPLATES = {
    Role.COORDINATOR: "fabrique/home_coordinator.html",
    Role.REFERENT: "fabrique/home_referent.html",
    Role.PARTNER: "fabrique/home_partner.html",
    Role.STAFF: "fabrique/home_staff.html",
}


def home(request):
    user = request.user
    if not user.is_authenticated:
        return render(request, "fabrique/home_public.html", {"open_calls": selectors.open_call_list()})
    if user.role == Role.COORDINATOR:
        # The coordinator's home is the dashboard, under what waits for them.
        context = {**dashboard_context(request), **coordinator_to_do(user=user)}
        return render(request, HOME_TEMPLATES[Role.COORDINATOR], context)
    context = {}
    if user.role == Role.REFERENT:
        context["blocks"] = _referent_blocks(request, user)
    return render(request, HOME_TEMPLATES.get(user.role, "fabrique/home_partner.html"), context)


def _referent_blocks(request, user):
    """A referent's home below its greeting, as HTML: the same for every member of their organisation on a given
    day, so kept in the aggregates cache until a row it reads changes (the first page of their territories; a
    later page is written afresh)."""

    def render_blocks():
        return mark_safe(render_to_string("fabrique/_home_referent_blocks.html", _work_context(request, user)))

    if request.GET.get("page", "1") != "1":
        return render_blocks()
    parts = [user.organisation_id or "none", timezone.localdate().isoformat(), translation.get_language()]
    return aggregates.cached("home-referent", parts, render_blocks, depends_on=selectors.REFERENT_HOME_TABLES)


def _work_context(request, user):
    """What the home of a referent shows: their territories (a page of them, with counts and readiness),
    pending invitations, and what waits for review."""
    # Paginated: a referent's organisation may refer many territories.
    territories = paginate(request, selectors.home_territory_list(user=user), per_page=HOME_TERRITORIES_PER_PAGE)
    territories.page.object_list = selectors.with_readiness(territories.rows)
    context = {
        "territories": territories,
        "year": timezone.localdate().year,
        **selectors.home_totals(user=user, territories=territories.rows),
    }
    # The projects of the same territories: their pipeline (one GROUP BY query), and for a referent those
    # that wait for them (one query).
    context["pipeline"] = selectors.project_pipeline(territories=territories.rows)
    context["project_list_url"] = selectors.project_list_url()
    context["attention"] = selectors.projects_needing_attention(user=user)
    context["ideas"] = selectors.ideas_to_review(user=user)
    context["open_needs"] = selectors.needs_without_opportunity(user=user)
    # One territory: the buttons open the forms with it chosen.
    if territories.page.paginator.count == 1:
        context["only_territory"] = territories.rows[0]
    return context


def invitation_list(request):
    # Paginated: a coordinator's list holds every invitation ever sent.
    listing = paginate(request, selectors.invitation_list(user=request.user).order_by("-created_at", "-pk"))
    return render(request, "fabrique/invitation_list.html", {"listing": listing, "invitations": listing.rows})


def invitation_create(request):
    form = InvitationForm(request.POST or None, inviter=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                invited_by=request.user,
                accept_url_builder=lambda token: request.build_absolute_uri(reverse("invitation_accept", args=[token])),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Invitation envoyée à %(email)s.") % {"email": invitation.email})
            return redirect("invitation_list")
    return render(request, "fabrique/invitation_form.html", {"form": form})


@require_POST
def invitation_revoke(request, pk):
    invitation = get_object_or_404(Invitation.objects.visible_to(request.user), pk=pk)
    if not request.user.has_perm("fabrique.revoke_invitation", invitation):
        raise PermissionDenied
    try:
        services.invitation_revoke(invitation=invitation, revoked_by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Invitation révoquée."))
    return redirect("invitation_list")


def invitation_accept(request, token):
    if request.user.is_authenticated:
        messages.info(request, _("Vous êtes déjà connecté·e."))
        return redirect("home")
    invitation = services.invitation_find_pending(token)
    if invitation is None:
        return render(request, "fabrique/invitation_invalid.html", status=410)
    form = InvitationAcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Bienvenue ! Votre compte est créé."))
            return perform_login(request, user, redirect_url=reverse("home"))
    return render(request, "fabrique/invitation_accept.html", {"form": form, "invitation": invitation})


def _legal_page(template):
    def view(request):
        return render(request, template, {"contact_email": settings.CONTACT_EMAIL})

    return view


legal_notice = _legal_page("fabrique/legal/legal_notice.html")
accessibility = _legal_page("fabrique/legal/accessibility.html")


def personal_data(request):
    """The privacy page: what each registered source keeps, why and for how long, in the words and durations the
    nightly retention applies (core.personal_data, the PERSONAL_DATA_* settings)."""
    context = {"contact_email": settings.CONTACT_EMAIL, "sources": personal_data_registry.sources()}
    return render(request, "fabrique/legal/personal_data.html", context)


contact = _legal_page("fabrique/legal/contact.html")


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    return render(request, "errors/500.html", status=500)
