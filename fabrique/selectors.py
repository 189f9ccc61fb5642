"""Reads for the home pages and the invitation list."""

from territories.models import EngagedTerritory

from .models import Invitation


def invitation_list(*, user):
    return Invitation.objects.visible_to(user).select_related("organisation", "invited_by", "user")


def invitation_pending_count(*, user):
    return Invitation.objects.visible_to(user).pending().count()


def home_territory_list(*, user):
    """The engaged territories a home page lists: all for coordinators, their own for referents."""
    territories = EngagedTerritory.objects.editable_by(user).select_related("referent_actor")
    return territories.order_by("name")


def open_call_list():
    """Active territories, whose call-for-ideas page is open to the public."""
    return EngagedTerritory.objects.accepting_ideas().only("name", "slug").order_by("name")
