"""URLs of the projects app: board."""

urlpatterns = []
