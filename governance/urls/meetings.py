"""URLs of the governance app: meetings."""

urlpatterns = []
