"""URLs of the projects app, one module per subject; each view is wrapped in its access policy there."""

from . import board, follow_up, lists, projects

urlpatterns = [
    *lists.urlpatterns,
    *board.urlpatterns,
    *projects.urlpatterns,
    *follow_up.urlpatterns,
]
