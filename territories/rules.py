"""Who may do what in the territories app: one place for object access (django-rules)."""

import rules

from fabrique.rules import is_coordinator, is_partner, is_referent

is_reader = is_coordinator | is_referent | is_partner


@rules.predicate
def is_referent_of_territory(user, territory):
    """The user's organisation is the referent actor of this engaged territory."""
    return territory is not None and bool(user.organisation_id) and territory.referent_actor_id == user.organisation_id


@rules.predicate
def is_referent_of_objects_territory(user, obj):
    """For a need, opportunity, event or cooperation: the user refers its territory."""
    return obj is not None and is_referent_of_territory.test(user, obj.territory)


@rules.predicate
def is_referent_where_actor_works(user, actor):
    if actor is None or not user.organisation_id:
        return False
    return actor.pk == user.organisation_id or actor.territories.filter(referent_actor_id=user.organisation_id).exists()


# Engaged territories and readiness: coordinators steer; everyone of the platform reads.
rules.add_perm("territories.view_territory", is_reader)
rules.add_perm("territories.add_territory", is_coordinator)
rules.add_perm("territories.change_territory", is_coordinator)
rules.add_perm("territories.assess_readiness", is_coordinator)

# Needs, opportunities, events, cooperations: created and edited on the territories one refers.
# Called with a territory to create, with the object itself to edit.
rules.add_perm("territories.add_in_territory", is_coordinator | (is_referent & is_referent_of_territory))
rules.add_perm("territories.change_need", is_coordinator | (is_referent & is_referent_of_objects_territory))
rules.add_perm("territories.change_opportunity", is_coordinator | (is_referent & is_referent_of_objects_territory))
rules.add_perm("territories.change_animationevent", is_coordinator | (is_referent & is_referent_of_objects_territory))
rules.add_perm("territories.change_cooperation", is_coordinator | (is_referent & is_referent_of_objects_territory))
rules.add_perm("territories.view_need", is_reader)
rules.add_perm("territories.view_opportunity", is_reader)
rules.add_perm("territories.view_animationevent", is_reader)
rules.add_perm("territories.view_cooperation", is_reader)
rules.add_perm("territories.import_needs", is_coordinator | is_referent)

# Personal data of a call-for-ideas submitter (object: the need).
rules.add_perm("territories.view_need_personal_data", is_coordinator | (is_referent & is_referent_of_objects_territory))

# Actors: the directory is read by all; referents add actors and edit those working in their territories.
rules.add_perm("territories.view_actor", is_reader)
rules.add_perm("territories.add_actor", is_coordinator | is_referent)
rules.add_perm("territories.change_actor", is_coordinator | (is_referent & is_referent_where_actor_works))
rules.add_perm("territories.import_actors", is_coordinator)
# Contact persons are personal data (object: the actor).
rules.add_perm("territories.view_contacts", is_coordinator | (is_referent & is_referent_where_actor_works))
rules.add_perm("territories.change_contacts", is_coordinator | (is_referent & is_referent_where_actor_works))

# Sectors: coordinators add and rename.
rules.add_perm("territories.view_sector", is_reader)
rules.add_perm("territories.manage_sectors", is_coordinator)
