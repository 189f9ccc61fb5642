"""Reads of the actors directory, cooperations and sectors, shaped for constant-query pages."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404

from ..models import Actor, Contact, Cooperation, EngagedTerritory, Sector
from ..models.needs import need_review_condition


def actors_for_list(user):
    return Actor.objects.visible_to(user).select_related("town").prefetch_related("territories")


def actor_for_detail(user, actor_id):
    cooperations = Cooperation.objects.select_related("territory").prefetch_related("actors")
    queryset = (
        Actor.objects.visible_to(user)
        .select_related("town__departement")
        .prefetch_related("territories", Prefetch("cooperations", queryset=cooperations))
    )
    return get_object_or_404(queryset, pk=actor_id)


def actor_for_edit(user, actor_id):
    return get_object_or_404(Actor.objects.visible_to(user).select_related("town"), pk=actor_id)


def proposable_territories(user, actor):
    """The user's territories where the actor does not work yet: those they may propose it for."""
    return EngagedTerritory.objects.editable_by(user).exclude(actors=actor).order_by("name")


def contacts_of(actor):
    """Contact persons of an actor: call only once `territories.view_contacts` was checked."""
    return list(Contact.objects.filter(actor=actor).order_by("name", "pk"))


def contact_for_edit(user, contact_id):
    return get_object_or_404(
        Contact.objects.filter(actor__in=Actor.objects.visible_to(user)).select_related("actor"), pk=contact_id
    )


def cooperations_visible_to(user):
    return Cooperation.objects.visible_to(user)


def cooperations_for_list(user):
    return cooperations_visible_to(user).select_related("territory").prefetch_related("actors")


def cooperation_for_detail(user, cooperation_id):
    queryset = cooperations_visible_to(user).select_related("territory").prefetch_related("actors")
    return get_object_or_404(queryset, pk=cooperation_id)


def sectors_visible_to(user):
    return Sector.objects.visible_to(user)


def sectors_for_list(user):
    # Aggregating drops the model's default ordering: restate it so pages stay stable.
    return (
        sectors_visible_to(user)
        # Needs counted as the user may read them: an idea still to review is not counted for partners.
        .annotate(
            need_count=Count("needs", filter=need_review_condition(user, "needs__"), distinct=True),
            opportunity_count=Count("opportunities", distinct=True),
        )
        .order_by("name")
    )


def sector_for_edit(user, sector_id):
    return get_object_or_404(sectors_visible_to(user), pk=sector_id)


def territories_for_choice():
    return EngagedTerritory.objects.order_by("name")
