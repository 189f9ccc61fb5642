"""URLs of the governance app: decisions."""

urlpatterns = []
