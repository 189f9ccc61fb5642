"""URLs of the territories app; each view is wrapped in its access policy here."""

urlpatterns = []
