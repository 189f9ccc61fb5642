"""Reads for the home pages and the invitation list."""

from .models import Invitation


def invitations_for(user):
    return Invitation.objects.visible_to(user).select_related("organisation", "invited_by", "user")


def pending_invitation_count(user):
    return Invitation.objects.visible_to(user).pending().count()


def territories_for_home(user):
    """The engaged territories a home page lists: all for coordinators, their own for referents."""
    from territories.models import EngagedTerritory

    territories = EngagedTerritory.objects.editable_by(user).select_related("referent_actor")
    return territories.order_by("name")


def open_calls_for_ideas():
    """Active territories, whose call-for-ideas page is open to the public."""
    from territories.models import EngagedTerritory

    return EngagedTerritory.objects.accepting_ideas().only("name", "slug").order_by("name")
