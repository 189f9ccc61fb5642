"""A person's data: found in every registered source, exported as one JSON file, erased in place (statistics and
rows kept, history blanked), each with an audit record; the pages are the coordinators' alone."""

import json
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from core import personal_data
from core.personal_data import ANONYMISED_NAME, UNDELIVERABLE_DOMAIN, person_condition
from core.roles import Role
from fabrique.models import Invitation, PersonalDataAudit, User
from projects.models import Project
from territories.models import Contact, Need

from ..helpers import text
from ..projects.factories import ProjectFactory
from ..territories.factories import ContactFactory, NeedFactory
from .factories import InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "Camille.Durand@Exemple.fr"
SEARCH_URL = "/donnees-personnelles/gestion/"
EXPORT_URL = "/donnees-personnelles/gestion/exporter/"
ERASE_URL = "/donnees-personnelles/gestion/anonymiser/"
AUDIT_URL = "/donnees-personnelles/gestion/journal/"


@pytest.fixture
def person():
    """Camille Durand in every source: an account, an actor's contact, a citizen's idea, a project leader whose
    phone changed once (so the history holds an old value)."""
    user = UserFactory(email=EMAIL.lower(), first_name="Camille", last_name="Durand", role=Role.REFERENT)
    invitation = InvitationFactory(email=EMAIL.lower(), user=user)
    contact = ContactFactory(name="Camille Durand", email=EMAIL.lower(), phone="03 22 11 22 33", role="Directrice")
    idea = NeedFactory(
        source=Need.Source.CALL_FOR_IDEAS,
        status=Need.Status.DECLINED,
        submitter_name="Camille Durand",
        submitter_email=EMAIL.lower(),
        submitter_consents_to_contact=True,
    )
    project = ProjectFactory(
        leader_name="Camille Durand",
        leader_email=EMAIL.lower(),
        leader_phone="06 00 00 00 01",
        jobs_planned_fte=Decimal("3.5"),
        budget=Decimal("120000"),
    )
    project.leader_phone = "06 00 00 00 02"
    project.save()
    return {"user": user, "invitation": invitation, "contact": contact, "idea": idea, "project": project}


def found_keys(query):
    return {match.value for source in personal_data.sources() for match in source.find(query)}


def test_every_expected_source_is_registered():
    keys = {source.key for source in personal_data.sources()}
    assert {"fabrique.user", "territories.contact", "territories.idea_submitter", "projects.leader"} <= keys


def test_a_person_is_found_by_email_in_any_case_and_by_name(person):
    expected = {
        f"fabrique.user:{person['user'].pk}",
        f"territories.contact:{person['contact'].pk}",
        f"territories.idea_submitter:{person['idea'].pk}",
        f"projects.leader:{person['project'].pk}",
    }
    assert found_keys(EMAIL.upper()) == expected
    assert found_keys("durand camille") == expected
    assert found_keys("autre@exemple.fr") == set()
    # An address is matched whole, never as a part of another.
    assert found_keys("durand@exemple.fr") == set()


def test_an_old_leader_address_in_the_history_is_found():
    project = ProjectFactory(leader_name="Ancien Porteur", leader_email="ancien@exemple.fr")
    project.leader_name, project.leader_email = "Nouvelle Porteuse", "nouvelle@exemple.fr"
    project.save()
    assert found_keys("ancien@exemple.fr") == {f"projects.leader:{project.pk}"}


def test_person_condition_needs_words():
    assert person_condition("   ", name_fields=["name"]) == person_condition("", name_fields=["name"])
    assert not Contact.objects.filter(person_condition("", name_fields=["name"])).exists()


# Export


def export(client, query=EMAIL):
    response = client.post(EXPORT_URL, {"q": query})
    assert response.status_code == 200, text(response)[:500]
    return response, json.loads(response.content.decode("utf-8"))


def records_of(document, key):
    return next(group["enregistrements"] for group in document["sources"] if group["clé"] == key)


def test_export_holds_every_source_in_one_utf8_json_file(client, coordinator, person):
    client.force_login(coordinator)
    response, document = export(client)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="donnees-personnelles-')
    assert "Camille Durand" in response.content.decode("utf-8")  # UTF-8, not \u escapes

    [account] = records_of(document, "fabrique.user")
    assert account["adresse e-mail"] == EMAIL.lower()
    assert account["prénom"] == "Camille" and account["nom"] == "Durand"
    assert account["invitations"][0]["adresse e-mail"] == EMAIL.lower()

    [contact] = records_of(document, "territories.contact")
    assert contact["nom"] == "Camille Durand" and contact["téléphone"] == "03 22 11 22 33"
    assert contact["fonction"] == "Directrice" and contact["acteur"] == person["contact"].actor.name

    [idea] = records_of(document, "territories.idea_submitter")
    assert idea["référence"] == f"AI-{person['idea'].pk}"
    assert idea["adresse e-mail"] == EMAIL.lower() and idea["accepte d’être recontactée"] is True

    [leader] = records_of(document, "projects.leader")
    assert leader["référence"] == person["project"].reference
    assert leader["téléphone du porteur"] == "06 00 00 00 02"
    # The history's older phone is part of what the platform holds.
    assert {version["téléphone du porteur"] for version in leader["versions précédentes"]} == {
        "06 00 00 00 01",
        "06 00 00 00 02",
    }


def test_export_writes_one_audit_record_per_record_without_the_personal_data(client, coordinator, person):
    client.force_login(coordinator)
    export(client)
    audits = list(PersonalDataAudit.objects.all())
    assert len(audits) == 4
    assert {audit.action for audit in audits} == {PersonalDataAudit.Action.EXPORT}
    assert {audit.by for audit in audits} == {coordinator}
    assert {(audit.source, audit.record_id) for audit in audits} == {
        ("fabrique.user", person["user"].pk),
        ("territories.contact", person["contact"].pk),
        ("territories.idea_submitter", person["idea"].pk),
        ("projects.leader", person["project"].pk),
    }
    for audit in audits:
        assert "Durand" not in audit.summary and "exemple.fr" not in audit.summary.lower()


def test_export_of_nobody_says_so_and_writes_nothing(client, coordinator):
    client.force_login(coordinator)
    response = client.post(EXPORT_URL, {"q": "personne@nulle-part.fr"}, follow=True)
    assert "Aucune donnée personnelle ne correspond à cette recherche" in text(response)
    assert not PersonalDataAudit.objects.exists()


# Erasure


def erase(client, query=EMAIL, **extra):
    records = [match for match in found_keys(query)]
    data = {"q": query, "records": records, "confirm": "on", **extra}
    return client.post(ERASE_URL, data)


def test_erase_anonymises_in_place_keeps_statistics_and_blanks_history(client, coordinator, person):
    client.force_login(coordinator)
    project = person["project"]
    versions_before = Project.history.filter(id=project.pk).count()
    response = erase(client)
    assert response.status_code == 302 and response["Location"] == AUDIT_URL

    project.refresh_from_db()
    assert project.leader_name == ANONYMISED_NAME and project.leader_email == "" and project.leader_phone == ""
    assert project.jobs_planned_fte == Decimal("3.5") and project.budget == Decimal("120000")
    assert project.stage == Project.Stage.DETECTED and project.reference == person["project"].reference
    history = Project.history.filter(id=project.pk)
    assert history.count() == versions_before
    assert set(history.values_list("leader_name", "leader_email", "leader_phone")) == {(ANONYMISED_NAME, "", "")}

    contact = Contact.objects.get(pk=person["contact"].pk)
    assert (contact.name, contact.email, contact.phone, contact.role) == (ANONYMISED_NAME, "", "", "")
    assert set(Contact.history.filter(id=contact.pk).values_list("name", "email", "phone")) == {
        (ANONYMISED_NAME, "", "")
    }

    idea = Need.objects.get(pk=person["idea"].pk)
    assert (idea.submitter_name, idea.submitter_email, idea.submitter_consents_to_contact) == (
        ANONYMISED_NAME,
        "",
        False,
    )
    assert idea.status == Need.Status.DECLINED and idea.title == person["idea"].title

    user = User.objects.get(pk=person["user"].pk)
    assert user.get_full_name() == ANONYMISED_NAME and user.email.endswith(f"@{UNDELIVERABLE_DOMAIN}")
    assert not user.is_active and not user.has_usable_password()
    assert not user.emailaddress_set.exists()
    assert Invitation.objects.get(pk=person["invitation"].pk).email.endswith(f"@{UNDELIVERABLE_DOMAIN}")

    # Nothing of the person is found any more; the rows are all still there.
    assert found_keys(EMAIL) == set() and found_keys("Camille Durand") == set()
    assert Project.objects.filter(pk=project.pk).exists() and Contact.objects.filter(pk=contact.pk).exists()

    audits = PersonalDataAudit.objects.filter(action=PersonalDataAudit.Action.ERASE)
    assert audits.count() == 4 and {audit.by for audit in audits} == {coordinator}
    for audit in audits:
        assert "Durand" not in audit.summary and "exemple.fr" not in audit.summary.lower()


def test_an_erased_version_cannot_be_saved_back_by_an_edit_opened_before(client, coordinator, person):
    client.force_login(coordinator)
    version = person["project"].version
    erase(client)
    person["project"].refresh_from_db()
    assert person["project"].version == version + 1


def test_erase_without_confirmation_changes_nothing_and_says_why_in_french(client, coordinator, person):
    client.force_login(coordinator)
    response = client.post(ERASE_URL, {"q": EMAIL, "records": sorted(found_keys(EMAIL))})
    assert response.status_code == 200
    page = text(response)
    assert "<title>Erreur" in page
    assert "Cochez la case de confirmation pour anonymiser ces enregistrements." in page
    assert Project.objects.get(pk=person["project"].pk).leader_email == EMAIL.lower()
    assert Contact.objects.get(pk=person["contact"].pk).name == "Camille Durand"
    assert User.objects.get(pk=person["user"].pk).is_active
    assert not PersonalDataAudit.objects.exists()


def test_erase_with_no_record_ticked_changes_nothing(client, coordinator, person):
    client.force_login(coordinator)
    response = client.post(ERASE_URL, {"q": EMAIL, "confirm": "on"})
    assert "Cochez au moins un enregistrement à anonymiser." in text(response)
    assert not PersonalDataAudit.objects.exists()


def test_erase_only_the_ticked_records(client, coordinator, person):
    client.force_login(coordinator)
    client.post(ERASE_URL, {"q": EMAIL, "records": [f"territories.contact:{person['contact'].pk}"], "confirm": "on"})
    assert Contact.objects.get(pk=person["contact"].pk).name == ANONYMISED_NAME
    assert Project.objects.get(pk=person["project"].pk).leader_email == EMAIL.lower()


def test_a_forged_record_is_refused(client, coordinator, person):
    other = ContactFactory(name="Quelqu’un d’autre")
    client.force_login(coordinator)
    response = client.post(ERASE_URL, {"q": EMAIL, "records": [f"territories.contact:{other.pk}"], "confirm": "on"})
    assert response.status_code == 200
    assert "n’existe plus ou a déjà été anonymisé" in text(response)
    assert Contact.objects.get(pk=other.pk).name == "Quelqu’un d’autre"


# Search page


def test_search_page_lists_the_matches_per_source(client, coordinator, person):
    client.force_login(coordinator)
    page = text(client.get(SEARCH_URL, {"q": EMAIL}))
    assert "4 enregistrements trouvés pour «\u00a0Camille.Durand@Exemple.fr\u00a0»" in page
    for label in ("Compte de la plateforme", "Personne contact d’un acteur", "Porteur·se de projet"):
        assert label in page
    assert person["project"].reference in page
    assert "Exporter (JSON)" in page and "Anonymiser" in page


def test_empty_search_says_what_to_type_in_french(client, coordinator):
    client.force_login(coordinator)
    response = client.get(SEARCH_URL, {"q": "  "})
    assert response.status_code == 200
    assert "Saisissez l’adresse e-mail ou le nom de la personne à chercher." in text(response)
    response = client.get(SEARCH_URL, {"q": "a"})
    assert "Saisissez au moins 2\u00a0caractères" in text(response) or "Saisissez au moins 2 caractères" in text(
        response
    )


def test_a_search_that_finds_nobody_says_so(client, coordinator):
    client.force_login(coordinator)
    assert "Aucune donnée personnelle trouvée pour «\u00a0Nadia Inconnue\u00a0»" in text(
        client.get(SEARCH_URL, {"q": "Nadia Inconnue"})
    )


def test_empty_export_request_is_refused_in_french(client, coordinator):
    client.force_login(coordinator)
    response = client.post(EXPORT_URL, {"q": ""})
    assert response.status_code == 200
    assert "Saisissez l’adresse e-mail ou le nom de la personne à chercher." in text(response)
    assert not PersonalDataAudit.objects.exists()


def test_search_page_query_budget_does_not_grow_with_matches(client, coordinator, django_assert_max_num_queries):
    def make(count, start):
        for n in range(start, start + count):
            ContactFactory(name=f"Lou Bernard {n}", email=f"lou.bernard{n}@exemple.fr")
            ProjectFactory(leader_name=f"Lou Bernard {n}", leader_email=f"lou.bernard{n}@exemple.fr")
            NeedFactory(submitter_name=f"Lou Bernard {n}", submitter_email=f"lou.bernard{n}@exemple.fr")
            UserFactory(first_name="Lou", last_name=f"Bernard {n}")

    client.force_login(coordinator)
    make(3, 0)
    with django_assert_max_num_queries(12):
        small = client.get(SEARCH_URL, {"q": "Lou Bernard"})
    assert "12 enregistrements trouvés" in text(small)
    make(27, 3)
    with django_assert_max_num_queries(12):
        big = client.get(SEARCH_URL, {"q": "Lou Bernard"})
    assert "120 enregistrements trouvés" in text(big)


# Audit list


def test_audit_list_shows_who_did_what_without_the_personal_data(client, coordinator, person):
    client.force_login(coordinator)
    export(client)
    erase(client)
    PersonalDataAudit.objects.create(
        action=PersonalDataAudit.Action.RETENTION, by=None, source="projects.leader", record_id=1, summary="Projet X"
    )
    page = text(client.get(AUDIT_URL))
    assert "anonymisation sur demande" in page and "export" in page
    assert "la plateforme (durée de conservation)" in page
    assert str(coordinator) in page
    table = page[page.index("<table") :]
    assert EMAIL.lower() not in table.lower()


def test_audit_list_query_budget(client, coordinator, django_assert_max_num_queries):
    client.force_login(coordinator)
    for count in (3, 30):
        PersonalDataAudit.objects.all().delete()
        for n in range(count):
            PersonalDataAudit.objects.create(
                action=PersonalDataAudit.Action.EXPORT, by=coordinator, source="projects.leader", record_id=n
            )
        with django_assert_max_num_queries(8):
            assert client.get(AUDIT_URL).status_code == 200


# Access


@pytest.mark.parametrize("url", [SEARCH_URL, AUDIT_URL])
def test_pages_open_to_coordinators_only(client, url, coordinator, referent, partner, staff):
    client.force_login(coordinator)
    assert client.get(url).status_code == 200
    for user in (referent, partner, staff):
        client.force_login(user)
        assert client.get(url, {"q": EMAIL}).status_code == 403
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


@pytest.mark.parametrize("role", [Role.REFERENT, Role.PARTNER, Role.STAFF, None])
def test_export_and_erase_are_refused_to_everyone_else_and_change_nothing(client, role, person):
    if role:
        client.force_login(UserFactory(role=role))
    exported = client.post(EXPORT_URL, {"q": EMAIL})
    erased = client.post(ERASE_URL, {"q": EMAIL, "records": sorted(found_keys(EMAIL)), "confirm": "on"})
    for response in (exported, erased):
        assert response.status_code in (302, 403)
        assert EMAIL.lower() not in response.content.decode().lower()
    assert Project.objects.get(pk=person["project"].pk).leader_email == EMAIL.lower()
    assert not PersonalDataAudit.objects.exists()


def test_the_service_refuses_a_referent(referent, person):
    from django.core.exceptions import PermissionDenied

    from fabrique.personal_data.services import personal_data_erase

    with pytest.raises(PermissionDenied):
        personal_data_erase(by=referent, matches=personal_data.source("territories.contact").find(EMAIL))


def test_the_coordinator_account_menu_links_the_page(client, coordinator, referent):
    client.force_login(coordinator)
    assert f'href="{SEARCH_URL}"' in text(client.get(reverse("home")))
    client.force_login(referent)
    assert f'href="{SEARCH_URL}"' not in text(client.get(reverse("home")))


# The meta-rule: a field holding a person's data is covered by a registered source.

PERSON_FIELD = re.compile(r"(email|phone|telephone|first_name|last_name|_name$)")
# Fields named like a person's that hold none: a file's name, a structure's name, a date.
NOT_A_PERSON = {
    "projects.ProjectDocument.original_name",
    "governance.AgendaDocument.original_name",
    "projects.Initiative.structure_name",
    "fabrique.User.email_refused_at",
}
PROJECT_APPS = {"core", "territories", "projects", "governance", "fabrique"}


def person_like_fields():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if not getattr(field, "concrete", False) or field.is_relation:
                continue
            if isinstance(field, models.EmailField) or PERSON_FIELD.search(field.name):
                yield f"{model._meta.label}.{field.name}"


def test_every_field_that_looks_like_a_persons_is_covered_by_a_registered_source():
    covered = {name for source in personal_data.sources() for name in source.fields}
    missing = sorted(set(person_like_fields()) - covered - NOT_A_PERSON)
    assert missing == [], f"register a core.personal_data source covering {missing} (see CONTRIBUTING.md)"
    assert "territories.Contact.email" in covered and "projects.Project.leader_phone" in covered


def test_the_covered_fields_exist():
    for source in personal_data.sources():
        for name in source.fields:
            app_label, model_name, field_name = name.split(".")
            apps.get_model(app_label, model_name)._meta.get_field(field_name)


def test_committee_representatives_and_action_owners_are_found_exported_and_erased(client, coordinator):
    from governance.models import ActionItem, CommitteeMember

    from ..governance.factories import ActionItemFactory, CommitteeMemberFactory

    member = CommitteeMemberFactory(
        user=None, representative_name="Yanis Morel", representative_email="y.morel@exemple.fr"
    )
    item = ActionItemFactory(owner_name="Yanis Morel")
    assert found_keys("yanis morel") == {f"governance.representative:{member.pk}", f"governance.action_owner:{item.pk}"}
    client.force_login(coordinator)
    _response, document = export(client, "Yanis Morel")
    assert records_of(document, "governance.representative")[0]["adresse e-mail"] == "y.morel@exemple.fr"
    assert records_of(document, "governance.action_owner")[0]["responsable"] == "Yanis Morel"

    erase(client, "Yanis Morel")
    member.refresh_from_db()
    assert (member.representative_name, member.representative_email) == (ANONYMISED_NAME, "")
    assert not CommitteeMember.history.filter(id=member.pk, representative_email="y.morel@exemple.fr").exists()
    assert ActionItem.objects.get(pk=item.pk).owner_name == ANONYMISED_NAME
    assert set(ActionItem.history.filter(id=item.pk).values_list("owner_name", flat=True)) == {ANONYMISED_NAME}


@pytest.mark.parametrize("page", ["search", "audits"])
def test_the_search_and_the_audit_trail_take_the_same_queries_whatever_the_rows(client_for, coordinator, page):
    """A person found in 2 records or in 12, an audit trail of 2 rows or of 12: the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(coordinator)
    url = f"{SEARCH_URL}?q={EMAIL}" if page == "search" else AUDIT_URL

    def queries_with(count):
        for _ in range(count):
            contact = ContactFactory(name="Camille Durand", email=EMAIL.lower())
            project = ProjectFactory(leader_name="Camille Durand", leader_email=EMAIL.lower())
            for match in (contact, project):
                PersonalDataAudit.objects.create(
                    action=PersonalDataAudit.Action.EXPORT,
                    by=coordinator,
                    source="territories.contact" if match is contact else "projects.leader",
                    record_id=match.pk,
                    summary="Export",
                )
        client.get(url)  # the session and the permissions warm
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        shown = "Camille Durand" if page == "search" else "Export"
        assert text(response).count(shown) >= PersonalDataAudit.objects.count() // 2
        return len(queries)

    few = queries_with(1)
    assert queries_with(5) == few
