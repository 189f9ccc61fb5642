"""URLs of the governance app: calendar."""

urlpatterns = []
