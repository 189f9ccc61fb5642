"""URLs of the projects app; each view is wrapped in its access policy here."""

urlpatterns = []
