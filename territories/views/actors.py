"""Pages of the actors directory: actors and their contact persons, cooperations, sectors, actor import."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from core.exports import Column
from core.history import history_entries
from core.imports import ImportFileError, read_table, read_upload, stash, unstash
from core.listing import list_or_export

from ..filters.actors import ActorFilter, CooperationFilter, SectorFilter
from ..filters.preselection import preselected_territory
from ..forms.actors import ActorForm, ActorImportForm, ActorProposeForm, ContactForm, CooperationForm, SectorForm
from ..imports.actors import COLUMNS, format_error, preview_rows, validate_actor_rows
from ..models import EngagedTerritory
from ..selectors import actors as selectors
from ..services import actors as services

IMPORT_KIND = "actors"


def _names(related):
    return ", ".join(str(item) for item in related.all())


ACTOR_COLUMNS = [
    Column(gettext_lazy("Nom"), "name"),
    Column(gettext_lazy("Type d'acteur"), "get_kind_display"),
    Column(gettext_lazy("SIRET ou SIREN"), "siret"),
    Column(gettext_lazy("Catégorie juridique INSEE"), "get_legal_category_display"),
    Column(gettext_lazy("SCIC"), "is_scic"),
    Column(gettext_lazy("Agrément ESUS"), "esus_approved"),
    Column(gettext_lazy("Fin de l'agrément ESUS"), "esus_end_date"),
    Column(gettext_lazy("Commune"), "town.name"),
    Column(gettext_lazy("Code INSEE"), "town.code"),
    Column(gettext_lazy("Site web"), "website"),
    Column(gettext_lazy("Territoires d'activité"), lambda actor: _names(actor.territories)),
]

COOPERATION_COLUMNS = [
    Column(gettext_lazy("Intitulé"), "title"),
    Column(gettext_lazy("Territoire"), "territory.name"),
    Column(gettext_lazy("Acteurs impliqués"), lambda cooperation: _names(cooperation.actors)),
    Column(gettext_lazy("Ce qu'ils font ensemble"), "description"),
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


def _apply(form, error):
    """Show a service's ValidationError on the form (on its field when the form has that field)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


# Actors


def actor_list(request):
    listing, export = list_or_export(
        request, selectors.actors_for_list(request.user), ActorFilter, columns=ACTOR_COLUMNS, basename="acteurs"
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
    actor = selectors.actor_for_detail(request.user, actor)
    can_view_contacts = request.user.has_perm("territories.view_contacts", actor)
    can_edit = request.user.has_perm("territories.change_actor", actor)
    today = timezone.localdate()
    context = {
        "actor": actor,
        "esus_expired": bool(actor.esus_approved and actor.esus_end_date and actor.esus_end_date < today),
        "can_edit": can_edit,
        "can_view_contacts": can_view_contacts,
        "can_change_contacts": can_view_contacts and request.user.has_perm("territories.change_contacts", actor),
        "contacts": selectors.contacts_of(actor) if can_view_contacts else [],
        # Who may edit the actor ticks their territories in its form; the others may only propose it.
        "proposable_territories": [] if can_edit else list(selectors.proposable_territories(request.user, actor)),
    }
    return render(request, "territories/actors/actor_detail.html", context)


@require_POST
def actor_propose(request, actor):
    """Add the actor to one of the user's territories, the one thing a referent may do with a shared actor."""
    actor = selectors.actor_for_edit(request.user, actor)
    form = ActorProposeForm(request.POST, user=request.user, actor=actor)
    if form.is_valid():
        territory = form.cleaned_data["territory"]
        services.actor_propose_for_territory(actor=actor, territory=territory, by=request.user)
        messages.success(
            request,
            _("« %(actor)s » figure désormais parmi les acteurs du territoire « %(territory)s ».")
            % {"actor": actor.name, "territory": territory.name},
        )
    else:
        messages.error(request, " ".join(form.errors["territory"]))
    return redirect("actor_detail", actor=actor.pk)


def actor_create(request):
    if not request.user.has_perm("territories.add_actor"):
        raise PermissionDenied
    form = ActorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actor = services.actor_create(
                created_by=request.user, territories=list(form.cleaned_data["territories"]), **form.actor_fields()
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Acteur « %(name)s » créé.") % {"name": actor.name})
            return redirect("actor_detail", actor=actor.pk)
    return render(request, "territories/actors/actor_form.html", {"form": form, "actor": None})


def actor_edit(request, actor):
    actor = selectors.actor_for_edit(request.user, actor)
    if not request.user.has_perm("territories.change_actor", actor):
        raise PermissionDenied
    form = ActorForm(request.POST or None, instance=actor, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.actor_update(
                actor=actor,
                updated_by=request.user,
                territories=list(form.cleaned_data["territories"]),
                **form.actor_fields(),
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Acteur « %(name)s » modifié.") % {"name": actor.name})
            return redirect("actor_detail", actor=actor.pk)
    return render(request, "territories/actors/actor_form.html", {"form": form, "actor": actor})


# Contact persons


def contact_create(request, actor):
    actor = selectors.actor_for_edit(request.user, actor)
    if not request.user.has_perm("territories.change_contacts", actor):
        raise PermissionDenied
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_create(actor=actor, created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Personne contact ajoutée."))
            return redirect("actor_detail", actor=actor.pk)
    return render(request, "territories/actors/contact_form.html", {"form": form, "actor": actor, "contact": None})


def contact_edit(request, contact):
    contact = selectors.contact_for_edit(request.user, contact)
    actor = contact.actor
    if not request.user.has_perm("territories.change_contacts", actor):
        raise PermissionDenied
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(contact=contact, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Personne contact modifiée."))
            return redirect("actor_detail", actor=actor.pk)
    return render(request, "territories/actors/contact_form.html", {"form": form, "actor": actor, "contact": contact})


@require_POST
def contact_delete(request, contact):
    contact = selectors.contact_for_edit(request.user, contact)
    actor = contact.actor
    if not request.user.has_perm("territories.change_contacts", actor):
        raise PermissionDenied
    services.contact_delete(contact=contact, deleted_by=request.user)
    messages.success(request, _("Personne contact supprimée."))
    return redirect("actor_detail", actor=actor.pk)


# Cooperations


def cooperation_list(request):
    listing, export = list_or_export(
        request,
        selectors.cooperations_for_list(request.user),
        CooperationFilter,
        columns=COOPERATION_COLUMNS,
        basename="cooperations",
    )
    if export:
        return export
    can_add = EngagedTerritory.objects.editable_by(request.user).exists()
    return render(request, "territories/actors/cooperation_list.html", {"listing": listing, "can_add": can_add})


def cooperation_detail(request, cooperation):
    cooperation = selectors.cooperation_for_detail(request.user, cooperation)
    context = {
        "cooperation": cooperation,
        "can_edit": request.user.has_perm("territories.change_cooperation", cooperation),
        "history": history_entries(cooperation),
    }
    return render(request, "territories/actors/cooperation_detail.html", context)


def _cooperation_saved(form, save):
    try:
        cooperation = save(actors=list(form.cleaned_data["actors"]), **form.cooperation_fields())
    except ValidationError as error:
        _apply(form, error)
        return None
    return cooperation


def cooperation_create(request):
    initial = {}
    territory = preselected_territory(request)
    if territory is not None:
        initial["territory"] = territory.pk
    form = CooperationForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        if not request.user.has_perm("territories.add_in_territory", form.cleaned_data["territory"]):
            raise PermissionDenied
        cooperation = _cooperation_saved(
            form, lambda **data: services.cooperation_create(created_by=request.user, **data)
        )
        if cooperation is not None:
            messages.success(request, _("Coopération « %(title)s » enregistrée.") % {"title": cooperation.title})
            return redirect("cooperation_detail", cooperation=cooperation.pk)
    return render(request, "territories/actors/cooperation_form.html", {"form": form, "cooperation": None})


def cooperation_edit(request, cooperation):
    cooperation = selectors.cooperation_for_detail(request.user, cooperation)
    if not request.user.has_perm("territories.change_cooperation", cooperation):
        raise PermissionDenied
    form = CooperationForm(request.POST or None, instance=cooperation, user=request.user)
    if request.method == "POST" and form.is_valid():
        if not request.user.has_perm("territories.add_in_territory", form.cleaned_data["territory"]):
            raise PermissionDenied
        saved = _cooperation_saved(
            form,
            lambda **data: services.cooperation_update(cooperation=cooperation, updated_by=request.user, **data),
        )
        if saved is not None:
            messages.success(request, _("Coopération « %(title)s » modifiée.") % {"title": saved.title})
            return redirect("cooperation_detail", cooperation=saved.pk)
    return render(request, "territories/actors/cooperation_form.html", {"form": form, "cooperation": cooperation})


# Sectors


def sector_list(request):
    listing, export = list_or_export(
        request, selectors.sectors_for_list(request.user), SectorFilter, columns=SECTOR_COLUMNS, basename="filieres"
    )
    if export:
        return export
    can_manage = request.user.has_perm("territories.manage_sectors")
    return render(request, "territories/actors/sector_list.html", {"listing": listing, "can_manage": can_manage})


def sector_create(request):
    if not request.user.has_perm("territories.manage_sectors"):
        raise PermissionDenied
    form = SectorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sector = services.sector_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Filière « %(name)s » créée.") % {"name": sector.name})
            return redirect("sector_list")
    return render(request, "territories/actors/sector_form.html", {"form": form, "sector": None})


def sector_edit(request, sector):
    sector = selectors.sector_for_edit(request.user, sector)
    if not request.user.has_perm("territories.manage_sectors"):
        raise PermissionDenied
    form = SectorForm(request.POST or None, instance=sector)
    if request.method == "POST" and form.is_valid():
        try:
            services.sector_update(sector=sector, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Filière « %(name)s » modifiée.") % {"name": sector.name})
            return redirect("sector_list")
    return render(request, "territories/actors/sector_form.html", {"form": form, "sector": sector})


# Actor import


def _validate_file(name, content):
    """(ImportResult, errors as displayed lines)."""
    _headers, table_rows = read_table(name, content)
    result = validate_actor_rows(table_rows)
    return result, [format_error(line, message) for line, message in result.errors]


def actor_import(request):
    if not request.user.has_perm("territories.import_actors"):
        raise PermissionDenied
    form = ActorImportForm(request.POST, request.FILES) if request.method == "POST" else ActorImportForm()
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            name, content = read_upload(form.cleaned_data["file"])
            result, errors = _validate_file(name, content)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            if result.is_valid:
                key = stash(request, IMPORT_KIND, name, content)
                return redirect("actor_import_confirm", key=key)
    return render(request, "territories/actors/actor_import.html", {"form": form, "errors": errors, "columns": COLUMNS})


def actor_import_confirm(request, key):
    if not request.user.has_perm("territories.import_actors"):
        raise PermissionDenied
    stashed = unstash(request, IMPORT_KIND, key)
    if stashed is None:
        messages.error(request, _("Ce fichier n'est plus disponible : envoyez-le de nouveau."))
        return redirect("actor_import")
    name, content = stashed
    try:
        result, errors = _validate_file(name, content)
    except ImportFileError as error:
        result, errors = None, [str(error)]
    if errors or result is None or not result.is_valid:
        # The directory changed since the preview (an actor of the same name was added, a territory removed…).
        unstash(request, IMPORT_KIND, key, remove=True)
        form = ActorImportForm()
        return render(
            request, "territories/actors/actor_import.html", {"form": form, "errors": errors, "columns": COLUMNS}
        )
    if request.method == "POST":
        try:
            created = services.actors_import(rows=result.rows, imported_by=request.user)
        except ValidationError as error:
            unstash(request, IMPORT_KIND, key, remove=True)
            form = ActorImportForm()
            return render(
                request,
                "territories/actors/actor_import.html",
                {"form": form, "errors": error.messages, "columns": COLUMNS},
            )
        unstash(request, IMPORT_KIND, key, remove=True)
        messages.success(
            request,
            ngettext("%(count)s acteur importé.", "%(count)s acteurs importés.", len(created))
            % {"count": len(created)},
        )
        return redirect("actor_list")
    return render(
        request,
        "territories/actors/actor_import_confirm.html",
        {"rows": preview_rows(result.rows), "file_name": name, "key": key},
    )
