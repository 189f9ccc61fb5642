"""URLs of the governance app, one module per subject; each view is wrapped in its access policy there."""

from . import calendar, committees, decisions, meetings, minutes, packs, targets

urlpatterns = [
    *committees.urlpatterns,
    *meetings.urlpatterns,
    *minutes.urlpatterns,
    *decisions.urlpatterns,
    *calendar.urlpatterns,
    *targets.urlpatterns,
    *packs.urlpatterns,
]
