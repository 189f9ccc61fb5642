"""URLs of the projects app: follow_up."""

urlpatterns = []
