"""The notification pages: « Mes notifications » (switches and the emails sent) for every signed-in user, and
the coordinators' « Envois » (past and upcoming, filters, refused addresses to mark corrected), per role."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core import notifications
from core.models import Notification, NotificationOptOut

from ..core.factories import NotificationFactory
from ..helpers import text
from .factories import UserFactory

OPTIONAL = "tests.page_kind"
PREFERENCES = reverse("notification_preferences")
SENDINGS = reverse("notification_sendings")


@pytest.fixture(autouse=True)
def optional_kind():
    notifications.register_kind(OPTIONAL, label="Compte rendu de test", description="Quand un compte rendu paraît.")
    yield
    notifications._KINDS.pop(OPTIONAL, None)


# « Mes notifications »


@pytest.mark.parametrize("role", ["coordinator", "referent", "partner", "staff"])
def test_every_signed_in_user_reads_their_switches_and_their_own_emails(client_for, request, role):
    user = request.getfixturevalue(role)
    NotificationFactory(user=user, to=user.email, subject="Votre invitation", kind="invitation")
    NotificationFactory(user=UserFactory(), subject="Le courrier d’un autre")
    NotificationFactory(user=user, subject="Annulée", status=Notification.Status.CANCELLED)
    page = text(client_for(user).get(PREFERENCES))
    assert "Mes notifications" in page
    assert "Votre invitation" in page and "Invitation à créer son compte" in page and "envoyée" in page
    assert "Le courrier d’un autre" not in page and "Annulée" not in page
    # The optional kind is a switch; the invitation is always on, and says why.
    assert f'name="kinds" value="{OPTIONAL}"' in page
    assert 'value="invitation"' not in page
    assert "Toujours envoyée." in page and "Le lien qui permet de créer votre compte." in page


def test_anonymous_is_sent_to_login(client):
    response = client.get(PREFERENCES)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_switching_a_kind_off_and_on_again(client_for, referent):
    client = client_for(referent)
    response = client.post(PREFERENCES, {"kinds": []})
    assert response.status_code == 302
    assert NotificationOptOut.objects.filter(user=referent, kind=OPTIONAL).exists()
    assert not NotificationOptOut.objects.filter(user=referent, kind="invitation").exists()
    page = text(client.get(PREFERENCES))
    assert "Vos préférences de notification sont enregistrées." in page
    assert f'value="{OPTIONAL}" id=' in page and f'value="{OPTIONAL}" id="id_kinds_' in page
    assert not _checked(page, OPTIONAL)
    client.post(PREFERENCES, {"kinds": [OPTIONAL]})
    assert not NotificationOptOut.objects.filter(user=referent, kind=OPTIONAL).exists()
    assert _checked(text(client.get(PREFERENCES)), OPTIONAL)


def _checked(page, key):
    start = page.index(f'value="{key}"')
    return " checked" in page[start : page.index(">", start)]


@pytest.mark.parametrize("posted", ["tests.inconnu", "invitation"])
def test_an_unknown_or_mandatory_kind_posted_is_refused_in_french_and_nothing_saved(client_for, partner, posted):
    response = client_for(partner).post(PREFERENCES, {"kinds": [OPTIONAL, posted]})
    assert response.status_code == 200
    page = text(response)
    assert f"« {posted} » n’est pas un type de notification que vous pouvez désactiver." in page
    assert "<title>Erreur" in page
    assert not NotificationOptOut.objects.exists()


def test_my_notifications_are_paginated_within_a_query_budget(client_for, partner, django_assert_max_num_queries):
    for index in range(30):
        NotificationFactory(user=partner, subject=f"Message {index:02d}")
    client = client_for(partner)
    client.get(PREFERENCES)  # the session's first queries
    with django_assert_max_num_queries(12):
        page = text(client.get(PREFERENCES))
    assert page.count("Message ") == 25 and "Page 1 sur 2" in page
    for index in range(30, 60):
        NotificationFactory(user=partner, subject=f"Message {index:02d}")
    with django_assert_max_num_queries(12):
        client.get(PREFERENCES, {"page": 2})


def test_the_account_menu_leads_everyone_to_their_notifications_and_coordinators_to_the_sendings(
    client_for, coordinator, referent, partner
):
    for user in (coordinator, referent, partner):
        page = client_for(user).get(reverse("dashboard")).content.decode()
        assert f'href="{PREFERENCES}"' in page
        assert (f'href="{SENDINGS}"' in page) == (user == coordinator)


def test_changing_ones_address_clears_its_refusal(db, rf):
    from allauth.account.models import EmailAddress
    from allauth.account.signals import email_changed

    user = UserFactory(email_refused_at=timezone.now(), email_refused_reason="550 inconnu")
    old = EmailAddress.objects.get(user=user)
    new = EmailAddress.objects.create(user=user, email="nouvelle@exemple.fr", verified=True)
    email_changed.send(
        sender=user.__class__, request=rf.get("/"), user=user, from_email_address=old, to_email_address=new
    )
    user.refresh_from_db()
    assert (user.email_refused_at, user.email_refused_reason) == (None, "")


# « Envois »


@pytest.fixture
def sendings(db):
    alix = UserFactory(first_name="Alix", last_name="Moreau", email="alix@exemple.fr")
    later = timezone.now() + datetime.timedelta(days=3)
    return {
        "upcoming": NotificationFactory(
            user=alix, to=alix.email, kind=OPTIONAL, subject="Rappel à venir",
            status=Notification.Status.SCHEDULED, send_after=later, sent_at=None,
        ),
        "sent": NotificationFactory(user=alix, to=alix.email, kind="invitation", subject="Invitation partie"),
        "other": NotificationFactory(to="externe@exemple.fr", kind=OPTIONAL, subject="Envoi à une adresse"),
        "refused": UserFactory(
            email="absente@exemple.fr", email_refused_at=timezone.now(), email_refused_reason="550 5.1.1 inconnue"
        ),
    }  # fmt: skip


def test_coordinator_reads_upcoming_then_past_sendings_and_the_refused_addresses_first(
    client_for, coordinator, sendings
):
    page = text(client_for(coordinator).get(SENDINGS))
    assert page.index("Adresses refusées") < page.index("absente@exemple.fr") < page.index("Rappel à venir")
    assert "550 5.1.1 inconnue" in page and "Marquer comme corrigée" in page
    assert page.index("Rappel à venir") < page.index("Envoi à une adresse") < page.index("Invitation partie")
    assert "Prévu le" in page and "programmée" in page


@pytest.mark.parametrize(
    "query, shown, hidden",
    [
        ({"person": "alix"}, ["Rappel à venir", "Invitation partie"], ["Envoi à une adresse"]),
        ({"person": "externe@"}, ["Envoi à une adresse"], ["Rappel à venir", "Invitation partie"]),
        ({"kind": "invitation"}, ["Invitation partie"], ["Rappel à venir", "Envoi à une adresse"]),
        ({"when": "upcoming"}, ["Rappel à venir"], ["Invitation partie", "Envoi à une adresse"]),
        ({"when": "past"}, ["Invitation partie", "Envoi à une adresse"], ["Rappel à venir"]),
    ],
)
def test_sendings_filter_by_person_kind_and_time(client_for, coordinator, sendings, query, shown, hidden):
    page = text(client_for(coordinator).get(SENDINGS, query))
    for subject in shown:
        assert subject in page
    for subject in hidden:
        assert subject not in page


@pytest.mark.parametrize("query", [{"kind": "tests.inconnu"}, {"when": "hier"}, {"person": "x" * 300}, {"page": "z"}])
def test_bad_filters_answer_with_a_french_message_not_an_error(client_for, coordinator, sendings, query):
    response = client_for(coordinator).get(SENDINGS, query)
    assert response.status_code == 200
    page = text(response)
    if "kind" in query:
        assert "Ce type de notification n’existe pas." in page
    if "when" in query:
        assert "Sélectionnez un choix valide." in page
    if "person" in query:
        assert "au plus 200 caractères" in page
    assert "Rappel à venir" in page  # an invalid filter is left out, the list still shows


def test_sendings_are_paginated_within_a_query_budget(client_for, coordinator, sendings, django_assert_max_num_queries):
    for index in range(30):
        NotificationFactory(user=UserFactory(), subject=f"Envoi {index:02d}")
    client = client_for(coordinator)
    client.get(SENDINGS)
    with django_assert_max_num_queries(14):
        page = text(client.get(SENDINGS))
    assert "Page 1 sur 2" in page
    for index in range(30, 80):
        NotificationFactory(user=UserFactory(), subject=f"Envoi {index:02d}")
        UserFactory(email_refused_at=timezone.now(), email_refused_reason="550")
    with django_assert_max_num_queries(14):
        client.get(SENDINGS, {"page": 3})


def test_coordinator_marks_a_refused_address_corrected(client_for, coordinator, sendings):
    person = sendings["refused"]
    client = client_for(coordinator)
    response = client.post(reverse("notification_refusal_clear", args=[person.pk]))
    assert response.status_code == 302 and response["Location"] == SENDINGS
    person.refresh_from_db()
    assert (person.email_refused_at, person.email_refused_reason) == (None, "")
    page = text(client.get(SENDINGS))
    assert "L’adresse absente@exemple.fr est marquée comme corrigée." in page
    assert "Adresses refusées" not in page
    # A user whose address was not refused: nothing to correct.
    assert client.post(reverse("notification_refusal_clear", args=[person.pk])).status_code == 404


@pytest.mark.parametrize("role", ["referent", "partner", "staff"])
def test_other_roles_are_refused_the_sendings(client_for, request, role, sendings):
    client = client_for(request.getfixturevalue(role))
    assert client.get(SENDINGS).status_code == 403
    person = sendings["refused"]
    assert client.post(reverse("notification_refusal_clear", args=[person.pk])).status_code == 403
    person.refresh_from_db()
    assert person.email_refused_at is not None
