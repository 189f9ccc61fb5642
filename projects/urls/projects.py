"""URLs of the projects app: projects."""

urlpatterns = []
