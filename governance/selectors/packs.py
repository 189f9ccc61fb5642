"""Reads of the annual committee packs, scoped to what the user may see."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ..models import CommitteePack

LIST_FIELDS = (
    "committee__name",
    "committee__kind",
    "year",
    "number",
    "status",
    "progress",
    "requested_at",
    "built_at",
    "published_at",
    "pdf",
    "xlsx",
)


def pack_list(*, user):
    """The packs the user reads (coordinators: all; referents: published ones; partners: the published packs of
    their committees), newest year first, then by committee and latest version first."""
    return (
        CommitteePack.objects.visible_to(user)
        .select_related("committee")
        .only(*LIST_FIELDS)
        .order_by("-year", "committee__name", "committee_id", "-number")
    )


def pack_get(*, user, pk):
    """A pack the user reads; 404 for no such pack, 403 for one the rules refuse (an unpublished pack to a
    partner or a referent, another committee's to a partner). The list shows exactly the packs this lets
    through (CommitteePack.objects.visible_to and the governance.view_pack rule agree)."""
    pack = get_object_or_404(CommitteePack.objects.select_related("committee", "published_by"), pk=pk)
    if not user.has_perm("governance.view_pack", pack):
        raise PermissionDenied
    return pack


def pack_versions(*, pack, user):
    """The versions of the same committee and year the user reads, latest first."""
    return pack_list(user=user).filter(committee_id=pack.committee_id, year=pack.year).order_by("-number")


def committee_packs(*, committee, user):
    """The committee's packs the user reads, by year (latest first) and version."""
    return pack_list(user=user).filter(committee=committee).order_by("-year", "-number")


def pack_last_texts(*, committee):
    """The foreword and next year's plan of the committee's latest pack, to start a new one from."""
    last = CommitteePack.objects.filter(committee=committee).order_by("-year", "-number").first()
    return (last.foreword, last.next_year_plan) if last else ("", "")
