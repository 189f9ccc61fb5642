"""URLs of the territories app, one module per subject; each view is wrapped in its access policy there."""

from . import actors, engaged, events, needs, public

urlpatterns = [
    *engaged.urlpatterns,
    *actors.urlpatterns,
    *needs.urlpatterns,
    *events.urlpatterns,
    *public.urlpatterns,
]
