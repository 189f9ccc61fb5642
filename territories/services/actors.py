"""Writes of the actors directory: actors, contact persons, cooperations, sectors and the actor import."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.roles import Role

from ..models import Actor, Contact, Cooperation, EngagedTerritory, Sector


def referent_territories_error(*, user, actor, territories):
    """The message refusing a referent's choice of territories of activity, or None.

    A referent adds an actor to, or takes it out of, only the territories they refer: the others
    belong to other referents. And a referent edits an actor only when every territory of it is
    theirs (see territories.rules), an actor of no territory being the coordinators': one they create
    or edit must keep at least one of their territories, or they would lose it the moment they save
    (their own organisation apart, which they keep).
    """
    if user.role != Role.REFERENT:
        return None
    own = set(EngagedTerritory.objects.editable_by(user).values_list("pk", flat=True))
    chosen = {territory.pk for territory in territories}
    before = set(actor.territories.values_list("pk", flat=True)) if actor is not None else set()
    if (chosen ^ before) - own:
        return _("Vous ne pouvez ajouter ou retirer que les territoires dont votre structure est l'acteur référent.")
    if actor is not None and actor.pk == user.organisation_id:
        return None
    if chosen & own:
        return None
    return _(
        "Cochez au moins un des territoires dont votre structure est l'acteur référent : "
        "sans lui, vous ne pourriez plus modifier cet acteur."
    )


def _check_territories(*, user, actor, territories):
    error = referent_territories_error(user=user, actor=actor, territories=territories)
    if error:
        raise ValidationError({"territories": error})


def actor_create(*, created_by, territories, **fields):
    """Create an actor with its territories of activity; returns it."""
    if not created_by.has_perm("territories.add_actor"):
        raise PermissionDenied
    _check_territories(user=created_by, actor=None, territories=territories)
    actor = Actor(**fields)
    actor.full_clean()
    with transaction.atomic():
        actor.save()
        actor.territories.set(territories)
    return actor


def actor_update(*, actor, updated_by, territories, **fields):
    if not updated_by.has_perm("territories.change_actor", actor):
        raise PermissionDenied
    _check_territories(user=updated_by, actor=actor, territories=territories)
    for name, value in fields.items():
        setattr(actor, name, value)
    actor.full_clean()
    with transaction.atomic():
        actor.save()
        actor.territories.set(territories)
    return actor


def actor_propose_for_territory(*, actor, territory, by):
    """Add one territory of the user to an actor's territories of activity, and change nothing else.

    What a referent may do with an actor shared with territories they do not refer, which they may not
    edit. Proposing an actor already there changes nothing. The actor has no history to record it in.
    """
    if not by.has_perm("territories.propose_actor", territory):
        raise PermissionDenied
    with transaction.atomic():
        # add() skips a territory already linked, so a double submission adds it once.
        actor.territories.add(territory)
    return actor


def actors_import(*, rows, imported_by):
    """Save every validated row of an import (see territories.imports.actors) in one transaction."""
    if not imported_by.has_perm("territories.import_actors"):
        raise PermissionDenied
    created = []
    with transaction.atomic():
        for row in rows:
            fields = dict(row)
            territories = fields.pop("territories", [])
            actor = Actor(**fields)
            actor.full_clean()
            actor.save()
            actor.territories.set(territories)
            created.append(actor)
    return created


def contact_create(*, actor, created_by, **fields):
    if not created_by.has_perm("territories.change_contacts", actor):
        raise PermissionDenied
    contact = Contact(actor=actor, **fields)
    contact.full_clean()
    with transaction.atomic():
        contact.save()
    return contact


def contact_update(*, contact, updated_by, **fields):
    if not updated_by.has_perm("territories.change_contacts", contact.actor):
        raise PermissionDenied
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.full_clean()
    with transaction.atomic():
        contact.save()
    return contact


def contact_delete(*, contact, deleted_by):
    if not deleted_by.has_perm("territories.change_contacts", contact.actor):
        raise PermissionDenied
    with transaction.atomic():
        contact.delete()


def _check_cooperation(*, user, territory, actors):
    if not user.has_perm("territories.add_in_territory", territory):
        raise PermissionDenied
    if len(actors) < 2:
        raise ValidationError(
            {"actors": _("Choisissez au moins deux acteurs : une coopération relie plusieurs structures.")}
        )


def cooperation_create(*, created_by, actors, territory, **fields):
    _check_cooperation(user=created_by, territory=territory, actors=actors)
    cooperation = Cooperation(territory=territory, **fields)
    cooperation.full_clean()
    with transaction.atomic():
        cooperation.save()
        cooperation.actors.set(actors)
    return cooperation


def cooperation_update(*, cooperation, updated_by, actors, territory, **fields):
    if not updated_by.has_perm("territories.change_cooperation", cooperation):
        raise PermissionDenied
    _check_cooperation(user=updated_by, territory=territory, actors=actors)
    cooperation.territory = territory
    for name, value in fields.items():
        setattr(cooperation, name, value)
    cooperation.full_clean()
    with transaction.atomic():
        cooperation.save()
        cooperation.actors.set(actors)
    return cooperation


def _unique_sector_slug(name, *, exclude_pk=None):
    base = slugify(name)[:140] or "filiere"
    slug, suffix = base, 2
    while Sector.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def sector_create(*, created_by, name, description="", is_active=True):
    """Create a sector; its slug comes from its name and stays as it is when the sector is renamed."""
    if not created_by.has_perm("territories.manage_sectors"):
        raise PermissionDenied
    with transaction.atomic():
        sector = Sector(name=name, description=description, is_active=is_active, slug=_unique_sector_slug(name))
        sector.full_clean()
        sector.save()
    return sector


def sector_update(*, sector, updated_by, name, description, is_active):
    if not updated_by.has_perm("territories.manage_sectors"):
        raise PermissionDenied
    sector.name, sector.description, sector.is_active = name, description, is_active
    sector.full_clean()
    with transaction.atomic():
        sector.save()
    return sector
