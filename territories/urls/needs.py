"""URLs of needs (filled by its views)."""

urlpatterns = []
