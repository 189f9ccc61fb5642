"""Who may do what in the governance app: one place for object access (django-rules).

Coordinators run the committees (members, meetings, agendas, attendance, minutes, decisions, packs,
targets). Referents read them (they present their projects there). Partners read the committees they sit on
(in their own name, or through their organisation): their meetings once convened, the decisions, minutes
and published packs; never a planned meeting's draft agenda.
"""

import rules

from core.rules import is_coordinator, is_partner, is_referent

from .models import Committee, Meeting, seated_committee_ids


@rules.predicate
def sits_on_committee(user, committee):
    """The user sits on the committee today (asked without a committee: on any committee)."""
    seated = Committee.objects.filter(pk__in=seated_committee_ids(user))
    if committee is None:
        return seated.exists()
    return seated.filter(pk=committee.pk).exists()


@rules.predicate
def sits_on_meetings_committee(user, meeting):
    """The meeting, convened or later, is one of a committee the user sits on."""
    if meeting is None:
        return sits_on_committee.test(user, None)
    return meeting.status != Meeting.Status.PLANNED and sits_on_committee.test(user, meeting.committee)


@rules.predicate
def is_published_pack_of_users_committee(user, pack):
    return pack is not None and pack.published_at is not None and sits_on_committee.test(user, pack.committee)


@rules.predicate
def is_published_pack(user, pack):
    return pack is not None and pack.published_at is not None


rules.add_perm("governance.view_committee", is_coordinator | is_referent | (is_partner & sits_on_committee))
rules.add_perm("governance.manage_committees", is_coordinator)
rules.add_perm("governance.view_meeting", is_coordinator | is_referent | (is_partner & sits_on_meetings_committee))
# Preparing, convening and holding a meeting, its attendance, minutes, decisions and action items.
rules.add_perm("governance.manage_meeting", is_coordinator)
rules.add_perm("governance.manage_targets", is_coordinator)
rules.add_perm(
    "governance.view_pack",
    is_coordinator | (is_referent & is_published_pack) | (is_partner & is_published_pack_of_users_committee),
)
rules.add_perm("governance.manage_packs", is_coordinator)
