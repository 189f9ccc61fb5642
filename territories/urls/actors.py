"""URLs of actors (filled by its views)."""

urlpatterns = []
