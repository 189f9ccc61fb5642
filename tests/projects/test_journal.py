"""A project's journal: the service (rights, dates), the pages per role, internal entries, query budgets."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from projects.models import JournalEntry, Project
from projects.selectors.follow_up import project_journal
from projects.selectors.projects import project_get
from projects.services.journal import journal_entry_create

from ..helpers import text
from .factories import JournalEntryFactory, ProjectFactory

TODAY = timezone.localdate
INTERNAL_TEXT = "Le porteur hésite encore, à ne pas ébruiter."
SHARED_TEXT = "Visite du local avec la mairie."


def entry_data(**overrides):
    data = {
        "date": TODAY().strftime("%d/%m/%Y"),
        "kind": "meeting",
        "text": "Réunion de lancement.",
        "is_internal": "on",
    }
    data.update(overrides)
    return data


# --- service ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["coordinator", "referent"])
def test_editors_log_an_entry_and_the_last_activity_follows(request, fixture, project):
    Project.objects.filter(pk=project.pk).update(last_activity_on=TODAY() - datetime.timedelta(days=30))
    project.refresh_from_db()
    user = request.getfixturevalue(fixture)
    entry = journal_entry_create(by=user, project=project, date=TODAY(), kind="visit", text="Visite", is_internal=True)
    assert entry.by == user and entry.project == project
    project.refresh_from_db()
    assert project.last_activity_on == TODAY()


def test_an_older_entry_does_not_move_the_last_activity_back(coordinator, project):
    Project.objects.filter(pk=project.pk).update(last_activity_on=TODAY() - datetime.timedelta(days=2))
    journal_entry_create(
        by=coordinator, project=project, date=TODAY() - datetime.timedelta(days=20), kind="other", text="Rattrapage"
    )
    project.refresh_from_db()
    assert project.last_activity_on == TODAY() - datetime.timedelta(days=2)


# Staff are the admin's superusers: their pages refuse them (the URL policy), not the rules.
@pytest.mark.parametrize("fixture", ["other_referent", "partner"])
def test_others_may_not_log_an_entry(request, fixture, project):
    with pytest.raises(PermissionDenied):
        journal_entry_create(
            by=request.getfixturevalue(fixture), project=project, date=TODAY(), kind="meeting", text="Intrusion"
        )
    assert not JournalEntry.objects.exists()


def test_a_date_to_come_is_refused_and_nothing_is_saved(referent, project):
    before = Project.objects.values_list("last_activity_on", flat=True).get(pk=project.pk)
    with pytest.raises(ValidationError) as error:
        journal_entry_create(
            by=referent, project=project, date=TODAY() + datetime.timedelta(days=1), kind="meeting", text="Demain"
        )
    assert "date" in error.value.message_dict and "futur" in error.value.message_dict["date"][0]
    assert not JournalEntry.objects.exists()
    assert Project.objects.values_list("last_activity_on", flat=True).get(pk=project.pk) == before


def test_an_unknown_kind_or_empty_text_is_refused(referent, project):
    with pytest.raises(ValidationError) as error:
        journal_entry_create(by=referent, project=project, date=TODAY(), kind="party", text="")
    assert {"kind", "text"} <= set(error.value.message_dict)
    assert not JournalEntry.objects.exists()


# --- who reads internal entries -----------------------------------------------------------------


@pytest.fixture
def two_entries(project):
    JournalEntryFactory(project=project, text=INTERNAL_TEXT, is_internal=True)
    JournalEntryFactory(project=project, text=SHARED_TEXT, is_internal=False, kind="visit")
    return project


@pytest.mark.parametrize("fixture", ["coordinator", "referent"])
def test_coordinators_and_the_territorys_referents_read_internal_entries(request, fixture, two_entries):
    texts = {entry.text for entry in project_journal(project=two_entries, user=request.getfixturevalue(fixture))}
    assert texts == {INTERNAL_TEXT, SHARED_TEXT}


@pytest.mark.parametrize("fixture", ["other_referent", "partner"])
def test_partners_and_other_referents_never_read_internal_entries(request, fixture, two_entries):
    texts = {entry.text for entry in project_journal(project=two_entries, user=request.getfixturevalue(fixture))}
    assert texts == {SHARED_TEXT}


# --- pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "status"),
    [("coordinator", 200), ("referent", 200), ("other_referent", 403), ("partner", 403), ("staff", 403)],
)
def test_the_entry_form_per_role(client_for, request, fixture, status, project):
    response = client_for(request.getfixturevalue(fixture)).get(
        reverse("journal_entry_create", kwargs={"project": project.pk})
    )
    assert response.status_code == status


def test_anonymous_is_sent_to_login(client_for, project):
    response = client_for(None).get(reverse("journal_entry_create", kwargs={"project": project.pk}))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_a_referent_logs_an_entry_from_the_page(client_for, referent, project):
    Project.objects.filter(pk=project.pk).update(last_activity_on=TODAY() - datetime.timedelta(days=90))
    url = reverse("journal_entry_create", kwargs={"project": project.pk})
    response = client_for(referent).post(url, entry_data(text="Entretien avec le porteur", kind="leader_interview"))
    assert response.status_code == 302
    assert response["Location"] == reverse("project_detail", kwargs={"project": project.pk}) + "#journal"
    entry = JournalEntry.objects.get()
    assert entry.text == "Entretien avec le porteur" and entry.is_internal and entry.by == referent
    project.refresh_from_db()
    assert project.last_activity_on == TODAY() and not project.is_stalled


def test_the_page_refuses_a_date_to_come_in_french(client_for, referent, project):
    url = reverse("journal_entry_create", kwargs={"project": project.pk})
    tomorrow = (TODAY() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client_for(referent).post(url, entry_data(date=tomorrow))
    assert response.status_code == 200
    assert "Cette date est dans le futur" in text(response)
    assert not JournalEntry.objects.exists()


def test_an_empty_submit_shows_the_errors(client_for, referent, project):
    response = client_for(referent).post(reverse("journal_entry_create", kwargs={"project": project.pk}), {})
    assert response.status_code == 200 and "Erreur" in text(response)
    assert not JournalEntry.objects.exists()


def test_another_referent_cannot_post_an_entry(client_for, other_referent, project):
    url = reverse("journal_entry_create", kwargs={"project": project.pk})
    assert client_for(other_referent).post(url, entry_data()).status_code == 403
    assert not JournalEntry.objects.exists()


def test_the_journal_page_hides_internal_entries_from_other_referents(
    client_for, referent, other_referent, two_entries
):
    url = reverse("project_journal", kwargs={"project": two_entries.pk})
    own = text(client_for(referent).get(url))
    assert INTERNAL_TEXT in own and SHARED_TEXT in own and "interne" in own
    other = client_for(other_referent).get(url)
    assert other.status_code == 200
    assert SHARED_TEXT in text(other) and INTERNAL_TEXT not in text(other)


def test_the_journal_page_is_refused_to_partners_of_projects_they_do_not_read(client_for, partner, two_entries):
    assert client_for(partner).get(reverse("project_journal", kwargs={"project": two_entries.pk})).status_code == 404


# --- the detail page's blocks -------------------------------------------------------------------

BLOCKS = Template("{% load follow_up %}{% follow_up_blocks project user %}")


def render_blocks(project, user):
    return BLOCKS.render(Context({"project": project, "user": user}))


def test_the_blocks_show_the_latest_entries_with_a_lock_on_internal_ones(referent, other_referent, two_entries):
    project = project_get(user=referent, pk=two_entries.pk)
    html = render_blocks(project, referent)
    assert INTERNAL_TEXT in html and "lock-icon" in html and "interne" in html
    assert reverse("journal_entry_create", kwargs={"project": project.pk}) in html
    other = render_blocks(project_get(user=other_referent, pk=two_entries.pk), other_referent)
    assert INTERNAL_TEXT not in other and SHARED_TEXT in other
    assert reverse("journal_entry_create", kwargs={"project": project.pk}) not in other


def test_the_blocks_link_to_the_whole_journal_past_five_entries(referent, project):
    JournalEntryFactory.create_batch(7, project=project)
    html = render_blocks(project_get(user=referent, pk=project.pk), referent)
    assert "Voir les 7 notes du journal" in html
    assert reverse("project_journal", kwargs={"project": project.pk}) in html


@pytest.mark.parametrize("size", [3, 30])
def test_the_blocks_read_in_a_constant_number_of_queries(django_assert_max_num_queries, coordinator, size):
    from .factories import FundingLineFactory, NextStepFactory, ProjectDocumentFactory

    project = ProjectFactory()
    JournalEntryFactory.create_batch(size, project=project, by=coordinator)
    NextStepFactory.create_batch(size, project=project)
    FundingLineFactory.create_batch(size, project=project)
    ProjectDocumentFactory.create_batch(size, project=project)
    project = project_get(user=coordinator, pk=project.pk)
    with django_assert_max_num_queries(4):
        html = render_blocks(project, coordinator)
    assert html.count("/faite/") == size and html.count("/modifier/") == size


@pytest.mark.parametrize("size", [3, 30])
def test_the_journal_page_reads_in_a_constant_number_of_queries(
    django_assert_max_num_queries, client_for, coordinator, project, size
):
    JournalEntryFactory.create_batch(size, project=project, by=coordinator)
    client = client_for(coordinator)
    url = reverse("project_journal", kwargs={"project": project.pk})
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200


def test_the_project_detail_page_shows_the_blocks(client_for, referent, two_entries):
    response = client_for(referent).get(reverse("project_detail", kwargs={"project": two_entries.pk}))
    assert response.status_code == 200
    assert INTERNAL_TEXT in text(response) and "Ajouter au journal" in text(response)


def test_the_detail_page_reads_as_many_queries_with_30_follow_up_rows_as_with_3(client_for, coordinator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import FundingLineFactory, NextStepFactory, ProjectDocumentFactory

    client = client_for(coordinator)
    counts = []
    for size in (3, 30):
        project = ProjectFactory()
        JournalEntryFactory.create_batch(size, project=project, by=coordinator)
        NextStepFactory.create_batch(size, project=project)
        FundingLineFactory.create_batch(size, project=project)
        ProjectDocumentFactory.create_batch(size, project=project)
        url = reverse("project_detail", kwargs={"project": project.pk})
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
