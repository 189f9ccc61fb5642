"""URLs of the governance app: packs."""

urlpatterns = []
