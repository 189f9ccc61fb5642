"""URLs of the governance app: committees."""

urlpatterns = []
