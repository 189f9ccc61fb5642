"""URLs of the governance app: targets."""

urlpatterns = []
