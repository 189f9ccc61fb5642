"""Reads of the actors directory and cooperations, shaped for constant-query pages."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from ..models import Actor, Contact, Cooperation, EngagedTerritory


def actor_list(*, user):
    return Actor.objects.visible_to(user).select_related("town").prefetch_related("territories")


def actor_get(*, user, pk):
    """One actor with what its page shows (territories, cooperations); 404 when the user may not read it."""
    cooperations = Cooperation.objects.select_related("territory").prefetch_related("actors")
    queryset = (
        Actor.objects.visible_to(user)
        .select_related("town__departement")
        .prefetch_related("territories", Prefetch("cooperations", queryset=cooperations))
    )
    return get_object_or_404(queryset, pk=pk)


def actor_get_for_edit(*, user, pk):
    return get_object_or_404(Actor.objects.visible_to(user).select_related("town"), pk=pk)


def actor_proposable_territories(*, user, actor):
    """The user's territories where the actor does not work yet: those they may propose it for."""
    return EngagedTerritory.objects.editable_by(user).exclude(actors=actor).order_by("name")


def contact_list(*, actor):
    """Contact persons of an actor: call only once `territories.view_contacts` was checked."""
    return list(Contact.objects.filter(actor=actor).order_by("name", "pk"))


def contact_get(*, user, pk):
    return get_object_or_404(
        Contact.objects.filter(actor__in=Actor.objects.visible_to(user)).select_related("actor"), pk=pk
    )


def cooperation_list(*, user):
    return (
        Cooperation.objects.visible_to(user)
        .select_related("territory")
        .prefetch_related(Prefetch("actors", queryset=Actor.objects.only("name").order_by("name")))
    )


def cooperation_get(*, user, pk):
    # The page shows more of each actor than the list's names.
    queryset = Cooperation.objects.visible_to(user).select_related("territory").prefetch_related("actors")
    return get_object_or_404(queryset, pk=pk)
