"""URLs of events (filled by its views)."""

urlpatterns = []
