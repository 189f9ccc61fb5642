"""Permission predicates for users, organisations and invitations."""

import rules

from core.rules import is_coordinator, is_referent


@rules.predicate
def is_invitation_of_own_organisation(user, invitation):
    return bool(user.organisation_id) and invitation.organisation_id == user.organisation_id


rules.add_perm("fabrique.invite", is_coordinator | is_referent)
rules.add_perm("fabrique.revoke_invitation", is_coordinator | (is_referent & is_invitation_of_own_organisation))
