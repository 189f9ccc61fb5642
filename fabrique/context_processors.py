"""The navigation of the layout: each role sees only the entries it may use."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.roles import Role

# (label, url name, roles that see it; an empty set means every signed-in user)
READERS = {Role.COORDINATOR, Role.REFERENT, Role.PARTNER}
NAVIGATION = [
    (_("Tableau de bord"), "home", set()),
    (_("Territoires"), "territory_list", READERS),
    (_("Acteurs"), "actor_list", READERS),
    (_("Coopérations"), "cooperation_list", READERS),
    (_("Besoins"), "need_list", READERS),
    (_("Opportunités"), "opportunity_list", READERS),
    (_("Projets"), "project_list", READERS),
    (_("Actions d’animation"), "event_list", READERS),
    (_("Filières"), "sector_list", READERS),
    (_("Invitations"), "invitation_list", {Role.COORDINATOR, Role.REFERENT}),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, name, allowed in NAVIGATION:
        if allowed and user.role not in allowed:
            continue
        url = reverse(name)
        active = request.path == url if name == "home" else request.path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    if user.is_staff:
        items.append({"label": _("Administration"), "url": reverse("admin:index"), "active": False})
    return {"nav_items": items}
