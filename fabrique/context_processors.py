"""The navigation of the layout: each role sees only the entries it may use."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Role

# (label, url name, roles that see it; an empty set means every signed-in user)
NAVIGATION = [
    (_("Tableau de bord"), "home", set()),
    (_("Invitations"), "invitation_list", {Role.COORDINATOR, Role.REFERENT}),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        {"label": label, "url": reverse(name), "active": request.path == reverse(name)}
        for label, name, allowed in NAVIGATION
        if not allowed or user.role in allowed
    ]
    if user.is_staff:
        items.append({"label": _("Administration"), "url": reverse("admin:index"), "active": False})
    return {"nav_items": items}
