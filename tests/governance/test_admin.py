"""The Django admin of the governance app: every model registered, searchable, its pages open to staff alone,
history where the model keeps one, and the states services change read-only."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from core.roles import Role

from ..fabrique.factories import UserFactory
from ..helpers import text
from .factories import (
    ActionItemFactory,
    AgendaDocumentFactory,
    AgendaItemFactory,
    AttendanceFactory,
    CommitteeMemberFactory,
    CommitteePackFactory,
    DecisionFactory,
    MeetingFactory,
    TargetFactory,
)

GOVERNANCE_MODELS = list(apps.get_app_config("governance").get_models())
FACTORIES = {
    "committeemember": CommitteeMemberFactory,
    "meeting": MeetingFactory,
    "agendaitem": AgendaItemFactory,
    "agendadocument": AgendaDocumentFactory,
    "attendance": AttendanceFactory,
    "decision": DecisionFactory,
    "actionitem": ActionItemFactory,
    "target": TargetFactory,
    "committeepack": CommitteePackFactory,
}


def own_models():
    """The app's models, without the historical ones simple-history adds."""
    return [model for model in GOVERNANCE_MODELS if not model.__name__.startswith("Historical")]


def make(model):
    if model._meta.model_name == "committee":
        return CommitteeMemberFactory().committee
    return FACTORIES[model._meta.model_name]()


def admin_url(model, view, *args):
    return reverse(f"admin:governance_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", own_models(), ids=lambda model: model.__name__)
def test_every_model_is_registered_and_searchable(model):
    model_admin = admin.site._registry.get(model)
    assert model_admin is not None, f"{model.__name__} is not in the admin"
    assert model_admin.search_fields and model_admin.list_display


@pytest.mark.parametrize("model", own_models(), ids=lambda model: model.__name__)
def test_models_with_history_use_the_history_admin(model):
    assert isinstance(admin.site._registry[model], SimpleHistoryAdmin) == hasattr(model, "history")


@pytest.mark.parametrize("model", own_models(), ids=lambda model: model.__name__)
def test_staff_open_the_changelist_search_and_change_page(client, staff, model):
    row = make(model)
    client.force_login(staff)
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200 and response.context["cl"].result_count >= 1
    assert client.get(admin_url(model, "changelist"), {"q": "é"}).status_code == 200
    assert client.get(admin_url(model, "change", row.pk)).status_code == 200
    if hasattr(model, "history"):
        assert client.get(admin_url(model, "history", row.pk)).status_code == 200


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.REFERENT, Role.PARTNER])
def test_platform_roles_do_not_enter_the_admin(client, db, role):
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("admin:governance_committee_changelist"))
    assert response.status_code in (302, 403)


def test_service_states_are_read_only(client, staff):
    meeting = MeetingFactory()
    decision = DecisionFactory()
    client.force_login(staff)
    page = text(client.get(admin_url(meeting.__class__, "change", meeting.pk)))
    assert 'name="status"' not in page and 'name="convocation_count"' not in page
    page = text(client.get(admin_url(decision.__class__, "change", decision.pk)))
    assert 'name="decided_on"' not in page and 'name="stage_change"' not in page
    assert client.get(admin_url(decision.__class__, "add")).status_code == 403


def test_committee_page_lists_its_members_inline(client, staff):
    member = CommitteeMemberFactory(representative_name="", position="chair")
    client.force_login(staff)
    page = text(client.get(admin_url(member.committee.__class__, "change", member.committee.pk)))
    assert "members-TOTAL_FORMS" in page and 'value="chair" selected' in page
