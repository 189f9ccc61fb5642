"""URLs of the governance app; each view is wrapped in its access policy here."""

urlpatterns = []
