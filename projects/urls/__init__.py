"""URLs of the projects app, one module per subject; each view is wrapped in its access policy there."""

from . import board, follow_up, lists, projects, reference_lists

urlpatterns = [
    *lists.urlpatterns,
    *board.urlpatterns,
    *projects.urlpatterns,
    *follow_up.urlpatterns,
    *reference_lists.urlpatterns,
]
