"""Writes of the actors directory: actors, contact persons, cooperations and the actor import."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.roles import Role
from core.versioning import create_versioned, update_versioned

from ..models import Actor, Contact, Cooperation, EngagedTerritory

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser


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
        return _("Vous ne pouvez ajouter ou retirer que les territoires dont votre structure est l’acteur référent.")
    if actor is not None and actor.pk == user.organisation_id:
        return None
    if chosen & own:
        return None
    return _(
        "Cochez au moins un des territoires dont votre structure est l’acteur référent : "
        "sans lui, vous ne pourriez plus modifier cet acteur."
    )


def _check_territories(*, user, actor, territories):
    error = referent_territories_error(user=user, actor=actor, territories=territories)
    if error:
        raise ValidationError({"territories": error})


def actor_create(*, by: "AbstractUser", territories: Iterable[EngagedTerritory], **fields: Any) -> Actor:
    """Create an actor with its territories of activity; returns it."""
    if not by.has_perm("territories.add_actor"):
        raise PermissionDenied
    territories = list(territories)
    _check_territories(user=by, actor=None, territories=territories)
    return create_versioned(Actor(**fields), by=by, m2m={"territories": territories})


def actor_update(
    *,
    actor: Actor,
    by: "AbstractUser",
    expected_version: int | None,
    territories: Iterable[EngagedTerritory],
    **fields: Any,
) -> Actor:
    """Save an edit of an actor opened on `expected_version`; raises ConcurrentEditError if someone saved since."""
    if not by.has_perm("territories.change_actor", actor):
        raise PermissionDenied
    territories = list(territories)
    _check_territories(user=by, actor=actor, territories=territories)
    return update_versioned(
        actor, by=by, expected_version=expected_version, fields=fields, m2m={"territories": territories}
    )


def actor_propose_for_territory(*, actor: Actor, territory: EngagedTerritory, by: "AbstractUser") -> Actor:
    """Add one territory of the user to an actor's territories of activity, and change nothing else.

    What a referent may do with an actor shared with territories they do not refer, which they may not
    edit. Proposing an actor already there changes nothing. The territories are not in the actor's
    history, but the version goes up: whoever has the actor's form open would otherwise untick the new
    territory without knowing when saving it.
    """
    if not by.has_perm("territories.propose_actor", territory):
        raise PermissionDenied
    with transaction.atomic():
        # Locked first, so that an edit of the actor saved at the same moment waits and then sees the new version.
        version = Actor.objects.select_for_update().values_list("version", flat=True).get(pk=actor.pk)
        # A double submission adds it once and leaves the version as it is.
        if not actor.territories.filter(pk=territory.pk).exists():
            actor.territories.add(territory)
            version += 1
            Actor.objects.filter(pk=actor.pk).update(version=version)
        actor.version = version
    return actor


def actors_import(*, rows: Iterable[dict], by: "AbstractUser") -> list[Actor]:
    """Save every validated row of an import (see territories.imports.actors) in one transaction."""
    if not by.has_perm("territories.import_actors"):
        raise PermissionDenied
    created = []
    with transaction.atomic():
        for row in rows:
            fields = dict(row)
            territories = fields.pop("territories", [])
            created.append(create_versioned(Actor(**fields), by=by, m2m={"territories": territories}))
    return created


# Contact persons: personal data, changed by who may change the actor's contacts.


def contact_create(*, actor: Actor, by: "AbstractUser", **fields: Any) -> Contact:
    if not by.has_perm("territories.change_contacts", actor):
        raise PermissionDenied
    return create_versioned(Contact(actor=actor, **fields), by=by)


def contact_update(*, contact: Contact, by: "AbstractUser", expected_version: int | None, **fields: Any) -> Contact:
    if not by.has_perm("territories.change_contacts", contact.actor):
        raise PermissionDenied
    return update_versioned(contact, by=by, expected_version=expected_version, fields=fields)


def contact_delete(*, contact: Contact, by: "AbstractUser") -> None:
    """Delete a contact person and their history: no copy of their details outlives their removal."""
    if not by.has_perm("territories.change_contacts", contact.actor):
        raise PermissionDenied
    pk = contact.pk
    with transaction.atomic():
        contact.delete()
        Contact.history.filter(id=pk).delete()


# Cooperations


def _check_cooperation(*, user, territory, actors):
    if not user.has_perm("territories.add_in_territory", territory):
        raise PermissionDenied
    if len(actors) < 2:
        raise ValidationError(
            {"actors": _("Choisissez au moins deux acteurs : une coopération relie plusieurs structures.")}
        )


def cooperation_create(
    *, by: "AbstractUser", actors: Iterable[Actor], territory: EngagedTerritory, **fields: Any
) -> Cooperation:
    actors = list(actors)
    _check_cooperation(user=by, territory=territory, actors=actors)
    return create_versioned(Cooperation(territory=territory, **fields), by=by, m2m={"actors": actors})


def cooperation_update(
    *,
    cooperation: Cooperation,
    by: "AbstractUser",
    expected_version: int | None,
    actors: Iterable[Actor],
    territory: EngagedTerritory,
    **fields: Any,
) -> Cooperation:
    """Save an edit of a cooperation; moving it to another territory needs the right to edit that one too.

    The right to edit is asked of the stored row: a bound form has already moved `cooperation` in memory.
    """
    stored = Cooperation.objects.select_related("territory").get(pk=cooperation.pk)
    if not by.has_perm("territories.change_cooperation", stored):
        raise PermissionDenied
    actors = list(actors)
    _check_cooperation(user=by, territory=territory, actors=actors)
    return update_versioned(
        cooperation,
        by=by,
        expected_version=expected_version,
        fields={"territory": territory, **fields},
        m2m={"actors": actors},
    )
