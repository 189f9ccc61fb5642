"""URLs of public (filled by its views)."""

urlpatterns = []
