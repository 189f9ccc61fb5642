"""Who may do what in the territories app: one place for object access (django-rules)."""

import rules
from django.db.models import Q

from core.rules import is_coordinator, is_reader, is_referent

from .models import EngagedTerritory
from .models.needs import IDEA_STATUSES


@rules.predicate
def is_referent_of_territory(user, territory):
    """The user's organisation is the referent actor of this engaged territory."""
    return territory is not None and bool(user.organisation_id) and territory.referent_actor_id == user.organisation_id


@rules.predicate
def is_referent_of_objects_territory(user, obj):
    """For a need, opportunity, event or cooperation: the user refers its territory."""
    return obj is not None and is_referent_of_territory.test(user, obj.territory)


@rules.predicate
def is_reviewed_need(user, need):
    """Not a public idea waiting for review or declined at it (asked without a need: needs in general)."""
    return need is None or need.status not in IDEA_STATUSES


@rules.predicate
def is_referent_where_actor_works(user, actor):
    if actor is None or not user.organisation_id:
        return False
    # Read through all() so that a detail page, which prefetches the territories, asks nothing more.
    return actor.pk == user.organisation_id or any(
        territory.referent_actor_id == user.organisation_id for territory in actor.territories.all()
    )


def referents_of_actors_territories(actor):
    """The referent actors (ids, None for a territory without one) of every territory the actor is tied to.

    An actor is tied to the territories it works in, and also to those it is the referent actor or
    the driving authority of, ticked or not: otherwise proposing the referent actor of Amiens for the
    Beauvaisis would hand its record to the Beauvaisis referent.
    """
    territories = EngagedTerritory.objects.filter(
        Q(actors=actor) | Q(referent_actor=actor) | Q(driving_authority=actor)
    )
    return set(territories.order_by().values_list("referent_actor_id", flat=True).distinct())


@rules.predicate
def is_referent_of_every_territory_of_actor(user, actor):
    """The user refers every territory of the actor, so changing it touches no one else's territory.

    An actor tied to no territory is no referent's: coordinators edit it, and so do the referents whose
    own organisation it is (nobody else has a claim on it). The model does not record who created an
    actor, so a referent's new actor must be placed in one of their territories (see the services).
    """
    if actor is None or not user.organisation_id:
        return False
    referents = referents_of_actors_territories(actor)
    if not referents:
        return actor.pk == user.organisation_id
    return referents == {user.organisation_id}


# Engaged territories and readiness: coordinators steer; everyone of the platform reads.
rules.add_perm("territories.view_territory", is_reader)
rules.add_perm("territories.add_territory", is_coordinator)
rules.add_perm("territories.change_territory", is_coordinator)
rules.add_perm("territories.assess_readiness", is_coordinator)

# Needs, opportunities, events, cooperations: created and edited on the territories one refers.
# Called with a territory to create, with the object itself to edit. A cooperation lies in its one
# territory, whatever territories its actors work in: the referent of that territory changes it (and
# may move it only to another territory they refer); the actors it links are not changed by it.
rules.add_perm("territories.add_in_territory", is_coordinator | (is_referent & is_referent_of_territory))
rules.add_perm("territories.change_need", is_coordinator | (is_referent & is_referent_of_objects_territory))
rules.add_perm("territories.change_opportunity", is_coordinator | (is_referent & is_referent_of_objects_territory))
rules.add_perm("territories.change_animationevent", is_coordinator | (is_referent & is_referent_of_objects_territory))
rules.add_perm("territories.change_cooperation", is_coordinator | (is_referent & is_referent_of_objects_territory))
# The same rule as Need.objects.visible_to: an idea to review is read by coordinators and its territory's referents.
rules.add_perm(
    "territories.view_need",
    is_reader & (is_coordinator | is_reviewed_need | (is_referent & is_referent_of_objects_territory)),
)
rules.add_perm("territories.view_opportunity", is_reader)
rules.add_perm("territories.view_animationevent", is_reader)
rules.add_perm("territories.view_cooperation", is_reader)
rules.add_perm("territories.import_needs", is_coordinator | is_referent)

# Reviewing a public idea (edit out personal details, then accept or decline it; object: the need).
rules.add_perm("territories.review_need", is_coordinator | (is_referent & is_referent_of_objects_territory))

# Personal data of a call-for-ideas submitter (object: the need).
rules.add_perm("territories.view_need_personal_data", is_coordinator | (is_referent & is_referent_of_objects_territory))

# Actors: the directory is read by all; referents add actors in their territories. An actor is shared
# between territories: a referent edits it (and its contacts) only when every territory of it is one
# they refer; otherwise they may only propose it for one of their territories (object: the territory).
rules.add_perm("territories.view_actor", is_reader)
rules.add_perm("territories.add_actor", is_coordinator | is_referent)
rules.add_perm("territories.change_actor", is_coordinator | (is_referent & is_referent_of_every_territory_of_actor))
rules.add_perm("territories.propose_actor", is_coordinator | (is_referent & is_referent_of_territory))
rules.add_perm("territories.import_actors", is_coordinator)
# Contact persons are personal data (object: the actor): read by the referents of any of its territories.
rules.add_perm("territories.view_contacts", is_coordinator | (is_referent & is_referent_where_actor_works))
rules.add_perm("territories.change_contacts", is_coordinator | (is_referent & is_referent_of_every_territory_of_actor))

# Sectors: coordinators add and rename.
rules.add_perm("territories.view_sector", is_reader)
rules.add_perm("territories.manage_sectors", is_coordinator)
