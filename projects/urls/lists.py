"""URLs of the projects app: lists."""

urlpatterns = []
