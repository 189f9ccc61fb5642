"""URLs of the governance app: minutes."""

urlpatterns = []
