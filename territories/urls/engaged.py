"""URLs of engaged (filled by its views)."""

urlpatterns = []
