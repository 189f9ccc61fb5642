"""Reads for the home pages and the invitation list."""

from .models import Invitation


def invitations_for(user):
    return Invitation.objects.visible_to(user).select_related("organisation", "invited_by", "user")


def pending_invitation_count(user):
    return Invitation.objects.visible_to(user).pending().count()
