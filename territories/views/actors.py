"""Pages of the actors directory: actors and their contact persons, cooperations, sectors, actor import."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from core.exports import Column
from core.history import history_entries
from core.imports import ImportFlow
from core.listing import list_or_export
from core.views import form_page, import_confirm, import_upload, posted

from ..filters.actors import ActorFilter, CooperationFilter, SectorFilter
from ..filters.preselection import preselected_territory
from ..forms.actors import ActorForm, ActorImportForm, ActorProposeForm, ContactForm, CooperationForm, SectorForm
from ..imports.actors import COLUMNS, validate_actors_file
from ..models import EngagedTerritory
from ..selectors import actors as selectors
from ..selectors import sectors as sector_selectors
from ..services import actors as services
from ..services import sectors as sector_services


def _names(related):
    return ", ".join(str(item) for item in related.all())


ACTOR_COLUMNS = [
    Column(gettext_lazy("Nom"), "name"),
    Column(gettext_lazy("Type d’acteur"), "get_kind_display"),
    Column(gettext_lazy("SIRET ou SIREN"), "siret"),
    Column(gettext_lazy("Catégorie juridique INSEE"), "get_legal_category_display"),
    Column(gettext_lazy("SCIC"), "is_scic"),
    Column(gettext_lazy("Agrément ESUS"), "esus_approved"),
    Column(gettext_lazy("Fin de l’agrément ESUS"), "esus_end_date"),
    Column(gettext_lazy("Commune"), "town.name"),
    Column(gettext_lazy("Code INSEE"), "town.code"),
    Column(gettext_lazy("Site web"), "website"),
    Column(gettext_lazy("Territoires d’activité"), lambda actor: _names(actor.territories)),
]

COOPERATION_COLUMNS = [
    Column(gettext_lazy("Intitulé"), "title"),
    Column(gettext_lazy("Territoire"), "territory.name"),
    Column(gettext_lazy("Acteurs impliqués"), lambda cooperation: _names(cooperation.actors)),
    Column(gettext_lazy("Ce qu’ils font ensemble"), "description"),
    Column(gettext_lazy("Depuis le"), "since"),
]

SECTOR_COLUMNS = [
    Column(gettext_lazy("Nom"), "name"),
    Column(gettext_lazy("Identifiant"), "slug"),
    Column(gettext_lazy("Description"), "description"),
    Column(gettext_lazy("Active"), "is_active"),
    Column(gettext_lazy("Besoins"), "need_count"),
    Column(gettext_lazy("Opportunités"), "opportunity_count"),
]


# Actors


def actor_list(request):
    listing, export = list_or_export(
        request, selectors.actor_list(user=request.user), ActorFilter, columns=ACTOR_COLUMNS, basename="acteurs"
    )
    if export:
        return export
    return render(
        request,
        "territories/actors/actor_list.html",
        {
            "listing": listing,
            "can_add": request.user.has_perm("territories.add_actor"),
            "can_import": request.user.has_perm("territories.import_actors"),
        },
    )


def actor_detail(request, actor):
    actor = selectors.actor_get(user=request.user, pk=actor)
    can_view_contacts = request.user.has_perm("territories.view_contacts", actor)
    can_edit = request.user.has_perm("territories.change_actor", actor)
    today = timezone.localdate()
    context = {
        "actor": actor,
        "esus_expired": bool(actor.esus_approved and actor.esus_end_date and actor.esus_end_date < today),
        "can_edit": can_edit,
        "can_view_contacts": can_view_contacts,
        "can_change_contacts": can_view_contacts and request.user.has_perm("territories.change_contacts", actor),
        "contacts": selectors.contact_list(actor=actor) if can_view_contacts else [],
        "history": history_entries(actor),
        # Who may edit the actor ticks their territories in its form; the others may only propose it.
        "proposable_territories": []
        if can_edit
        else list(selectors.actor_proposable_territories(user=request.user, actor=actor)),
    }
    return render(request, "territories/actors/actor_detail.html", context)


@require_POST
def actor_propose(request, actor):
    """Add the actor to one of the user's territories, the one thing a referent may do with a shared actor."""
    actor = selectors.actor_get_for_edit(user=request.user, pk=actor)
    form = ActorProposeForm(request.POST, user=request.user, actor=actor)
    if form.is_valid():
        territory = form.cleaned_data["territory"]
        services.actor_propose_for_territory(actor=actor, territory=territory, by=request.user)
        messages.success(
            request,
            _("« %(actor)s » figure désormais parmi les acteurs du territoire « %(territory)s ».")
            % {"actor": actor.name, "territory": territory.name},
        )
    else:
        messages.error(request, " ".join(form.errors["territory"]))
    return redirect("actor_detail", actor=actor.pk)


def _actor_form_page(request, form, actor=None):
    return form_page(
        request,
        form,
        create=services.actor_create,
        update=partial(services.actor_update, actor=actor),
        template="territories/actors/actor_form.html",
        context={"actor": actor},
        success_url=lambda saved: reverse("actor_detail", kwargs={"actor": saved.pk}),
        created_message=_("Acteur « %(record)s » créé."),
        changed_message=_("Acteur « %(record)s » modifié."),
    )


def actor_create(request):
    if not request.user.has_perm("territories.add_actor"):
        raise PermissionDenied
    return _actor_form_page(request, ActorForm(posted(request), user=request.user))


def actor_edit(request, actor):
    actor = selectors.actor_get_for_edit(user=request.user, pk=actor)
    if not request.user.has_perm("territories.change_actor", actor):
        raise PermissionDenied
    return _actor_form_page(request, ActorForm(posted(request), instance=actor, user=request.user), actor)


# Contact persons


def _contact_form_page(request, form, actor, contact=None):
    # A contact's history is personal data like the contact: shown on this page, to who may change it.
    context = {"actor": actor, "contact": contact}
    if contact is not None:
        context["history"] = history_entries(contact)
    return form_page(
        request,
        form,
        create=partial(services.contact_create, actor=actor),
        update=partial(services.contact_update, contact=contact),
        template="territories/actors/contact_form.html",
        context=context,
        success_url=lambda saved: reverse("actor_detail", kwargs={"actor": actor.pk}),
        created_message=_("Personne contact ajoutée."),
        changed_message=_("Personne contact modifiée."),
    )


def contact_create(request, actor):
    actor = selectors.actor_get_for_edit(user=request.user, pk=actor)
    if not request.user.has_perm("territories.change_contacts", actor):
        raise PermissionDenied
    return _contact_form_page(request, ContactForm(posted(request)), actor)


def contact_edit(request, contact):
    contact = selectors.contact_get(user=request.user, pk=contact)
    if not request.user.has_perm("territories.change_contacts", contact.actor):
        raise PermissionDenied
    return _contact_form_page(request, ContactForm(posted(request), instance=contact), contact.actor, contact)


@require_POST
def contact_delete(request, contact):
    contact = selectors.contact_get(user=request.user, pk=contact)
    actor = contact.actor
    if not request.user.has_perm("territories.change_contacts", actor):
        raise PermissionDenied
    services.contact_delete(contact=contact, by=request.user)
    messages.success(request, _("Personne contact supprimée."))
    return redirect("actor_detail", actor=actor.pk)


# Cooperations


def cooperation_list(request):
    listing, export = list_or_export(
        request,
        selectors.cooperation_list(user=request.user),
        CooperationFilter,
        columns=COOPERATION_COLUMNS,
        basename="cooperations",
    )
    if export:
        return export
    can_add = EngagedTerritory.objects.editable_by(request.user).exists()
    return render(request, "territories/actors/cooperation_list.html", {"listing": listing, "can_add": can_add})


def cooperation_detail(request, cooperation):
    cooperation = selectors.cooperation_get(user=request.user, pk=cooperation)
    context = {
        "cooperation": cooperation,
        "can_edit": request.user.has_perm("territories.change_cooperation", cooperation),
        "history": history_entries(cooperation),
    }
    return render(request, "territories/actors/cooperation_detail.html", context)


def _cooperation_form_page(request, form, cooperation=None):
    return form_page(
        request,
        form,
        create=services.cooperation_create,
        update=partial(services.cooperation_update, cooperation=cooperation),
        template="territories/actors/cooperation_form.html",
        context={"cooperation": cooperation},
        success_url=lambda saved: reverse("cooperation_detail", kwargs={"cooperation": saved.pk}),
        created_message=_("Coopération « %(record)s » enregistrée."),
        changed_message=_("Coopération « %(record)s » modifiée."),
    )


def cooperation_create(request):
    territory = preselected_territory(request)
    initial = {"territory": territory.pk} if territory is not None else {}
    return _cooperation_form_page(request, CooperationForm(posted(request), initial=initial, user=request.user))


def cooperation_edit(request, cooperation):
    cooperation = selectors.cooperation_get(user=request.user, pk=cooperation)
    if not request.user.has_perm("territories.change_cooperation", cooperation):
        raise PermissionDenied
    form = CooperationForm(posted(request), instance=cooperation, user=request.user)
    return _cooperation_form_page(request, form, cooperation)


# Sectors


def sector_list(request):
    listing, export = list_or_export(
        request,
        sector_selectors.sector_list(user=request.user),
        SectorFilter,
        columns=SECTOR_COLUMNS,
        basename="filieres",
        short=True,
    )
    if export:
        return export
    can_manage = request.user.has_perm("territories.manage_sectors")
    return render(request, "territories/actors/sector_list.html", {"listing": listing, "can_manage": can_manage})


def _sector_form_page(request, form, sector=None):
    context = {"sector": sector}
    if sector is not None:
        context["history"] = history_entries(sector)
    return form_page(
        request,
        form,
        create=sector_services.sector_create,
        update=partial(sector_services.sector_update, sector=sector),
        template="territories/actors/sector_form.html",
        context=context,
        success_url=lambda saved: "sector_list",
        created_message=_("Filière « %(record)s » créée."),
        changed_message=_("Filière « %(record)s » modifiée."),
    )


def sector_create(request):
    if not request.user.has_perm("territories.manage_sectors"):
        raise PermissionDenied
    return _sector_form_page(request, SectorForm(posted(request)))


def sector_edit(request, sector):
    sector = sector_selectors.sector_get(user=request.user, pk=sector)
    if not request.user.has_perm("territories.manage_sectors"):
        raise PermissionDenied
    return _sector_form_page(request, SectorForm(posted(request), instance=sector), sector)


# Actor import


ACTOR_IMPORT = ImportFlow(
    kind="actors",
    permission="territories.import_actors",
    form_class=ActorImportForm,
    validate=validate_actors_file,
    save=services.actors_import,
    success_message=lambda count: (
        ngettext("%(count)s acteur importé.", "%(count)s acteurs importés.", count) % {"count": count}
    ),
    upload_template="territories/actors/actor_import.html",
    preview_template="territories/actors/actor_import_confirm.html",
    upload_url="actor_import",
    confirm_url="actor_import_confirm",
    done_url="actor_list",
    context={"columns": COLUMNS},
)


def actor_import(request):
    return import_upload(request, ACTOR_IMPORT)


def actor_import_confirm(request, key):
    return import_confirm(request, ACTOR_IMPORT, key)
