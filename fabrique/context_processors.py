"""The navigation of the layout: each role sees only the entries it may use."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.roles import Role

# (label, url name, roles that see it; an empty set means every signed-in user). The daily work is in the bar;
# what is set up once in a while (ACCOUNT_MENU) is in the user's menu, so that the bar fits a laptop screen.
READERS = {Role.COORDINATOR, Role.REFERENT, Role.PARTNER}
NAVIGATION = [
    # A coordinator's home is the dashboard; the others have a home of their own and the dashboard beside it.
    (_("Tableau de bord"), "home", {Role.COORDINATOR}),
    (_("Accueil"), "home", {Role.REFERENT, Role.PARTNER, Role.STAFF}),
    (_("Tableau de bord"), "dashboard", {Role.REFERENT, Role.PARTNER}),
    (_("Territoires"), "territory_list", READERS),
    (_("Acteurs"), "actor_list", READERS),
    (_("Coopérations"), "cooperation_list", READERS),
    (_("Besoins"), "need_list", READERS),
    (_("Opportunités"), "opportunity_list", READERS),
    (_("Projets"), "project_list", READERS),
    (_("Initiatives"), "initiative_list", READERS),
    (_("Actions d’animation"), "event_list", READERS),
    (_("Comités"), "committee_list", READERS),
    (_("Filières"), "sector_list", READERS),
    (_("Invitations"), "invitation_list", {Role.COORDINATOR, Role.REFERENT}),
    (_("Mon agenda des séances"), "calendar_subscribe", READERS),
    (_("Tâches de fond"), "job_list", {Role.COORDINATOR}),
    (_("Demandes RGPD"), "personal_data_search", {Role.COORDINATOR}),
    (_("Mes notifications"), "notification_preferences", set()),
    (_("Envois"), "notification_sendings", {Role.COORDINATOR}),
]
ACCOUNT_MENU = {
    "sector_list",
    "invitation_list",
    "calendar_subscribe",
    "job_list",
    "notification_preferences",
    "notification_sendings",
    "personal_data_search",
}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "account_items": []}
    items, account_items = [], []
    for label, name, allowed in NAVIGATION:
        if allowed and user.role not in allowed:
            continue
        url = reverse(name)
        active = request.path == url if name == "home" else request.path.startswith(url)
        (account_items if name in ACCOUNT_MENU else items).append({"label": label, "url": url, "active": active})
    if user.is_staff:
        items.append({"label": _("Administration"), "url": reverse("admin:index"), "active": False})
    return {"nav_items": items, "account_items": account_items}
