"""What a partner reads through their committees, as conditions other apps' querysets take."""

from django.db.models import Q

from .models import AgendaItem, Meeting, seated_committee_ids


def projects_before_committees_of(user):
    """The projects on the agenda of a meeting of the user's committees, once convened (a condition on
    projects, registered with the projects app by governance/apps.py)."""
    items = (
        AgendaItem.objects.filter(meeting__committee_id__in=seated_committee_ids(user), project__isnull=False)
        .exclude(meeting__status=Meeting.Status.PLANNED)
        .values("project_id")
    )
    return Q(pk__in=items)
