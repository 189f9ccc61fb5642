"""The layout, the home page of each role, the error pages and the admin."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import aggregates
from core.roles import Role

from ..helpers import text
from ..territories.factories import EngagedTerritoryFactory, NeedFactory
from .factories import InvitationFactory, UserFactory

PENDING = "Pas encore disponible"
# Session and user, then per role: the territories page (its count, its rows carrying every count, readiness and
# the totals) for coordinators; the same with the ideas and needs blocks for referents; the open calls for the public.
# The pipeline of the projects adds one GROUP BY query, and a referent's waiting projects one more.
# The coordinator's home is the dashboard, measured with its cache cold: its figures (a fixed set of aggregates),
# its work blocks and its filters' choices (tests/fabrique/test_dashboard_speed.py); the funders' names are read after
# their sums (governance/indicators.py:funder_rows), one query, so that the sums read a covering index alone.
HOME_BUDGET = {None: 3, Role.COORDINATOR: 27, Role.REFERENT: 8, Role.PARTNER: 2, Role.STAFF: 2}
# The home page is measured at two sizes: its query count must not depend on the rows.
FEW, MANY = 2, 20


@pytest.mark.django_db
def test_public_home(client):
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="fr">' in page
    assert "<title>Accueil · Fabrique</title>" in page
    assert page.count("Se connecter") == 1 and "Invitations" not in page and PENDING not in page
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in page
    assert "/static/vendor/htmx/htmx.min.js" in page


@pytest.mark.parametrize(
    "role, heading, sees_invitations, sees_admin",
    [
        (Role.COORDINATOR, "Tableau de bord de la coordination", True, False),
        (Role.REFERENT, "Mon espace acteur référent", True, False),
        (Role.PARTNER, "Espace partenaire", False, False),
        (Role.STAFF, "Administration de la plateforme", False, True),
    ],
)
def test_home_per_role(client, db, role, heading, sees_invitations, sees_admin):
    client.force_login(UserFactory(role=role))
    page = client.get(reverse("home")).content.decode()
    assert heading in page
    assert (reverse("invitation_list") in page) is sees_invitations
    assert (reverse("admin:index") in page) is sees_admin
    assert "Se déconnecter" in page


def test_no_block_says_it_is_not_there_yet(client, partner):
    client.force_login(partner)
    page = client.get(reverse("home")).content.decode()
    assert PENDING not in page


def fill(count, *, referent):
    """`count` active territories (every other one the referent's), two needs each, and `count` pending
    invitations to the referent's organisation."""
    territories = []
    for index in range(count):
        mine = {"referent_actor": referent.organisation} if index % 2 else {}
        territories.append(EngagedTerritoryFactory(status="active", **mine))
        NeedFactory.create_batch(2, territory=territories[-1])
        InvitationFactory(organisation=referent.organisation, role=Role.REFERENT)
    return territories


def home_queries(client):
    # Measured with the cached counts forgotten (core.aggregates): the budget is that of a cold cache.
    aggregates.forget_all()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(queries), text(response)


@pytest.mark.parametrize("role", [None, Role.COORDINATOR, Role.REFERENT, Role.PARTNER, Role.STAFF])
def test_home_query_budget_does_not_grow_with_rows(client, referent, role):
    user = referent if role == Role.REFERENT else UserFactory(role=role) if role else None
    if user:
        client.force_login(user)
    territories = fill(FEW, referent=referent)
    client.get(reverse("home"))  # the first request of a session loads what later ones find cached
    few, _page = home_queries(client)
    territories += fill(MANY - FEW, referent=referent)
    many, page = home_queries(client)
    assert few == many <= HOME_BUDGET[role], f"{role}: {few} queries with {FEW} rows, {many} with {MANY}"
    # The rows are on the page that was measured: the territories listed, the pending invitations counted.
    listed = [territory for territory in territories if territory.name in page]
    if role in (None, Role.COORDINATOR):
        assert listed
    if role == Role.REFERENT:
        assert listed and all(territory.referent_actor == referent.organisation for territory in listed)
    if role in (Role.COORDINATOR, Role.REFERENT):
        assert f"{MANY} invitations en attente" in page
    if role in (Role.PARTNER, Role.STAFF):
        assert not listed


def test_403_page_in_layout(client, partner):
    client.force_login(partner)
    response = client.get(reverse("invitation_list"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Accès refusé" in page and "Fabrique" in page and '<html lang="fr">' in page


@override_settings(DEBUG=False)
@pytest.mark.django_db
def test_404_page_in_layout(client):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@pytest.mark.django_db
def test_500_page_in_layout(rf):
    from fabrique.views import error_500

    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = error_500(request)
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


def project_models():
    return [
        model
        for app in ("fabrique", "territories", "projects", "governance")
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
    ]


def test_every_model_is_in_the_admin_and_searchable(client, staff):
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200
    for model in project_models():
        assert model in admin.site._registry, f"{model.__name__} is not registered in the admin"
        assert admin.site._registry[model].search_fields, f"{model.__name__} has no search fields"
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url, {"q": "test"}).status_code == 200, url
