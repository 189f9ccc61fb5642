"""Reviewing a public idea: its page per role, accepting and declining it, the queue, its reference, its submitter."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.versioning import CONCURRENT_EDIT_MESSAGE
from territories.models import Need
from territories.selectors.events import event_list
from territories.selectors.sectors import sector_list
from territories.services.needs import DECLINED_STATUS_KEPT, IDEA_STATUS_KEPT, IDEA_STATUS_REFUSED
from territories.services.public import call_for_ideas_pk, call_for_ideas_submit
from territories.services.review import need_accept, need_decline, need_review

from ..helpers import text
from .factories import AnimationEventFactory, NeedFactory
from .test_idea_review_rule import exported

PERSONAL = "Mme Lefèvre, 06 39 98 00 00"
IDEA = f"{PERSONAL} : les personnes âgées du village ne peuvent plus aller au marché."
EDITED_TITLE = "Aller au marché sans voiture"
EDITED_TEXT = "Les personnes âgées du village ne peuvent plus aller au marché."
SUBMITTER = "Claire Dubois"
EMAIL = "claire.dubois@exemple.fr"
DECLINE_REASON = "Déjà couvert par le transport solidaire du Beauvaisis."
REASON_REQUIRED = "Indiquez pourquoi l’idée n’est pas retenue."


@pytest.fixture
def idea(own_territory, sector):
    own_territory.status = "active"
    own_territory.save(update_fields=["status"])
    return call_for_ideas_submit(
        territory=own_territory, text=IDEA, sector=sector, name=SUBMITTER, email=EMAIL, consent=True
    )


def review_url(need):
    return reverse("need_review", kwargs={"need": need.pk})


def detail_url(need):
    return reverse("need_detail", kwargs={"need": need.pk})


def review_data(need, **overrides):
    data = {
        "version": need.version,
        "title": EDITED_TITLE,
        "description": EDITED_TEXT,
        "sector": need.sector_id or "",
        "priority": 1,
        "decision": "accepted",
        "review_reason": "",
    }
    data.update(overrides)
    return data


def decline(idea, by, reason=DECLINE_REASON):
    return need_decline(need=idea, by=by, expected_version=idea.version, reason=reason, title=EDITED_TITLE)


# --- Who opens the review page -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "referent"])
def test_coordinators_and_the_territorys_referents_open_the_review_page(client, request, role, idea):
    client.force_login(request.getfixturevalue(role))
    response = client.get(review_url(idea))
    assert response.status_code == 200
    page = text(response)
    assert f"Examiner l’idée AI-{idea.pk}" in page
    # The text to edit, the hint about personal details, the submitter they may contact.
    assert PERSONAL in page and "retirez tout ce qui permettrait de reconnaître une personne" in page
    assert SUBMITTER in page and EMAIL in page
    assert "L’accepter comme besoin identifié" in page and "Ne pas la retenir" in page


def test_a_referent_of_another_territory_does_not_find_the_idea(client, other_referent, idea):
    client.force_login(other_referent)
    assert client.get(review_url(idea)).status_code == 404
    response = client.post(review_url(idea), review_data(idea))
    assert response.status_code == 404
    idea.refresh_from_db()
    assert idea.status == Need.Status.TO_REVIEW and idea.title != EDITED_TITLE


def test_a_referent_of_another_territory_may_not_review_a_need_they_read(client, other_referent, own_territory):
    need = NeedFactory(territory=own_territory)
    client.force_login(other_referent)
    assert client.get(review_url(need)).status_code == 403


def test_partners_are_refused_whether_the_idea_exists_or_not(client, partner, idea):
    """Refused by the page’s policy before any need is read: the answer tells nothing of the idea."""
    client.force_login(partner)
    assert client.get(review_url(idea)).status_code == 403
    assert client.get(reverse("need_review", kwargs={"need": idea.pk + 1000})).status_code == 403
    assert client.post(review_url(idea), review_data(idea)).status_code == 403
    idea.refresh_from_db()
    assert idea.status == Need.Status.TO_REVIEW


def test_staff_is_refused(client, staff, idea):
    client.force_login(staff)
    assert client.get(review_url(idea)).status_code == 403


def test_anonymous_is_sent_to_login(client, idea):
    response = client.get(review_url(idea))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    response = client.post(review_url(idea), review_data(idea))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    idea.refresh_from_db()
    assert idea.status == Need.Status.TO_REVIEW


def test_a_missing_need_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("need_review", kwargs={"need": 999999})).status_code == 404


# --- The need page ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "referent"])
def test_the_idea_page_offers_the_review_and_shows_the_reference(client, request, role, idea):
    client.force_login(request.getfixturevalue(role))
    page = text(client.get(detail_url(idea)))
    assert "Examiner l’idée" in page and review_url(idea) in page
    assert f"AI-{idea.pk}" in page


def test_a_reviewed_need_offers_no_review(client, referent, idea):
    need_accept(need=idea, by=referent, expected_version=idea.version, title=EDITED_TITLE)
    client.force_login(referent)
    page = text(client.get(detail_url(idea)))
    assert review_url(idea) not in page
    assert "Examen de l’idée" in page and "acceptée comme besoin identifié" in page
    assert f"AI-{idea.pk}" in page  # the reference stays for the reviewers


def test_partners_read_neither_the_reference_nor_the_review_of_an_accepted_idea(client, referent, partner, idea):
    need_accept(need=idea, by=referent, expected_version=idea.version, reason="Une note interne", title=EDITED_TITLE)
    client.force_login(partner)
    page = text(client.get(detail_url(idea)))
    assert EDITED_TITLE in page
    assert f"AI-{idea.pk}" not in page and "Examen de l’idée" not in page and "Une note interne" not in page
    assert review_url(idea) not in page


# --- Accepting and declining -------------------------------------------------------------------------------


def test_accepting_through_the_page(client, referent, idea, sector):
    identified_on = idea.identified_on
    client.force_login(referent)
    data = review_data(idea, review_reason="  Rejoint le diagnostic mobilité.  ")
    response = client.post(review_url(idea), data, follow=True)
    assert response.redirect_chain[-1][0] == detail_url(idea)
    assert f"Idée «\u00a0{EDITED_TITLE}\u00a0» acceptée" in text(response)
    idea.refresh_from_db()
    assert idea.status == Need.Status.IDENTIFIED and idea.identified_on == identified_on
    assert (idea.title, idea.description, idea.sector, idea.priority) == (EDITED_TITLE, EDITED_TEXT, sector, 1)
    assert idea.review_decision == Need.ReviewDecision.ACCEPTED
    assert idea.review_reason == "Rejoint le diagnostic mobilité."
    assert idea.reviewed_by == referent and idea.reviewed_at is not None
    assert idea.version == 2
    # Versioned, with its author in the history.
    latest = idea.history.latest()
    assert latest.history_user == referent and latest.status == Need.Status.IDENTIFIED
    # The contact stays after the review (its retention is another matter).
    assert (idea.submitter_name, idea.submitter_email) == (SUBMITTER, EMAIL)


def test_accepting_needs_no_reason_nor_sector(client, coordinator, idea):
    client.force_login(coordinator)
    response = client.post(review_url(idea), review_data(idea, sector="", priority=2))
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == Need.Status.IDENTIFIED and idea.sector is None and idea.review_reason == ""
    assert idea.reviewed_by == coordinator


def test_declining_through_the_page(client, coordinator, idea):
    client.force_login(coordinator)
    data = review_data(idea, decision="declined", review_reason=DECLINE_REASON)
    response = client.post(review_url(idea), data, follow=True)
    page = text(response)
    assert f"Idée «\u00a0{EDITED_TITLE}\u00a0» non retenue." in page
    assert "Idée non retenue" in page and DECLINE_REASON in page
    idea.refresh_from_db()
    assert idea.status == Need.Status.DECLINED and idea.get_status_display() == "non retenue"
    assert idea.review_decision == Need.ReviewDecision.DECLINED and idea.review_reason == DECLINE_REASON
    assert idea.reviewed_by == coordinator and idea.title == EDITED_TITLE


@pytest.mark.parametrize("reason", ["", "   "])
def test_declining_without_a_reason_is_refused_and_saves_nothing(client, referent, idea, reason):
    client.force_login(referent)
    response = client.post(review_url(idea), review_data(idea, decision="declined", review_reason=reason))
    assert response.status_code == 200
    assert response.context["form"].errors["review_reason"] == [REASON_REQUIRED]
    page = text(response)
    assert REASON_REQUIRED in page and page.count("<title>Erreur") == 1
    idea.refresh_from_db()
    assert idea.status == Need.Status.TO_REVIEW and idea.version == 1
    assert idea.title != EDITED_TITLE and idea.reviewed_at is None and idea.review_decision == ""


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"decision": ""}, "decision", "Choisissez d’accepter l’idée ou de ne pas la retenir."),
        ({"decision": "maybe"}, "decision", "Sélectionnez un choix valide. maybe n’en fait pas partie."),
        ({"title": ""}, "title", "Ce champ est obligatoire."),
        ({"description": "a\x00b"}, "description", "Ce texte contient un caractère nul"),
        ({"priority": "9"}, "priority", "Sélectionnez un choix valide."),
    ],
)
def test_bad_input_is_refused_in_french_and_saves_nothing(client, referent, idea, overrides, field, message):
    client.force_login(referent)
    response = client.post(review_url(idea), review_data(idea, **overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    idea.refresh_from_db()
    assert idea.status == Need.Status.TO_REVIEW and idea.version == 1 and idea.title != EDITED_TITLE


def test_a_concurrent_edit_is_refused(client, referent, coordinator, idea):
    client.force_login(referent)
    opened = review_data(idea, decision="declined", review_reason=DECLINE_REASON)
    # Meanwhile a coordinator corrects the text through the ordinary form's service.
    from territories.services.needs import need_update

    need_update(need=Need.objects.get(pk=idea.pk), by=coordinator, expected_version=1, title="Corrigé")
    response = client.post(review_url(idea), opened)
    assert response.status_code == 200
    assert str(CONCURRENT_EDIT_MESSAGE) in " ".join(response.context["form"].non_field_errors())
    idea.refresh_from_db()
    assert idea.status == Need.Status.TO_REVIEW and idea.title == "Corrigé" and idea.version == 2


def test_a_second_review_is_refused_with_a_french_message(client, referent, coordinator, idea):
    opened_version = idea.version
    decline(Need.objects.get(pk=idea.pk), coordinator)
    client.force_login(referent)
    # The page now sends back to the need, saying why.
    response = client.get(review_url(idea), follow=True)
    assert response.redirect_chain[-1][0] == detail_url(idea)
    assert "Cette idée a déjà été examinée («\u00a0non retenue\u00a0», le " in text(response)
    response = client.post(review_url(idea), review_data(idea, version=opened_version), follow=True)
    assert "Cette idée a déjà été examinée" in text(response)
    idea.refresh_from_db()
    assert idea.status == Need.Status.DECLINED and idea.reviewed_by == coordinator
    # The service refuses it too, whatever version it is handed.
    with pytest.raises(ValidationError, match="déjà été examinée"):
        need_accept(need=idea, by=referent, expected_version=idea.version)


def test_a_need_that_never_was_an_idea_is_not_reviewed(client, referent, own_territory):
    need = NeedFactory(territory=own_territory)
    client.force_login(referent)
    response = client.get(review_url(need), follow=True)
    assert "n’attend pas d’examen" in text(response)
    with pytest.raises(ValidationError):
        need_accept(need=need, by=referent, expected_version=need.version)


@pytest.mark.parametrize("role", ["partner", "other_referent"])
def test_the_service_checks_the_permission(request, role, idea):
    with pytest.raises(PermissionDenied):
        need_accept(need=idea, by=request.getfixturevalue(role), expected_version=idea.version)
    idea.refresh_from_db()
    assert idea.status == Need.Status.TO_REVIEW


def test_the_service_refuses_a_decline_without_reason_and_unknown_fields(referent, idea):
    with pytest.raises(ValidationError) as error:
        need_decline(need=idea, by=referent, expected_version=idea.version, reason=" ")
    assert error.value.message_dict == {"review_reason": [REASON_REQUIRED]}
    with pytest.raises(TypeError):
        need_review(need=idea, by=referent, expected_version=idea.version, decision="accepted", status="qualified")
    idea.refresh_from_db()
    assert idea.status == Need.Status.TO_REVIEW


# --- The ordinary form no longer moves an idea in or out of review ----------------------------------------


def test_the_edit_form_does_not_accept_an_idea(client, referent, idea):
    client.force_login(referent)
    data = {
        "version": idea.version,
        "sector": idea.sector.pk,
        "title": EDITED_TITLE,
        "description": EDITED_TEXT,
        "source": idea.source,
        "priority": idea.priority,
        "status": "identified",
        "identified_on": f"{idea.identified_on:%Y-%m-%d}",
    }
    response = client.post(reverse("need_edit", kwargs={"need": idea.pk}), data)
    assert response.status_code == 200
    assert response.context["form"].errors["status"] == [str(IDEA_STATUS_KEPT)]
    idea.refresh_from_db()
    assert idea.status == Need.Status.TO_REVIEW and idea.title != EDITED_TITLE
    # Editing its text while it waits stays possible.
    response = client.post(reverse("need_edit", kwargs={"need": idea.pk}), {**data, "status": "to_review"})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.title == EDITED_TITLE and idea.status == Need.Status.TO_REVIEW


def test_declined_is_the_reviews_alone(referent, coordinator, own_territory, idea):
    from territories.services.needs import need_create, need_update

    need = NeedFactory(territory=own_territory)
    with pytest.raises(ValidationError) as error:
        need_update(need=need, by=referent, expected_version=need.version, status="declined")
    assert error.value.message_dict == {"status": [str(IDEA_STATUS_REFUSED)]}
    with pytest.raises(ValidationError):
        need_create(by=referent, territory=own_territory, title="x", description="y", source="study", status="declined")
    declined = decline(idea, coordinator)
    with pytest.raises(ValidationError) as error:
        need_update(need=declined, by=coordinator, expected_version=declined.version, status="identified")
    assert error.value.message_dict == {"status": [str(DECLINED_STATUS_KEPT)]}
    assert Need.objects.get(pk=idea.pk).status == Need.Status.DECLINED


# --- A declined idea stays with its reviewers --------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["partner", "other_referent"])
def test_a_declined_idea_is_never_read_by_partners_nor_other_referents(
    client, request, viewer, coordinator, idea, own_territory, sector
):
    reviewed = NeedFactory(territory=own_territory, sector=sector, title="Transport à la demande")
    declined = decline(idea, coordinator)
    event = AnimationEventFactory(territory=own_territory)
    event.needs.set([declined, reviewed])
    user = request.getfixturevalue(viewer)
    client.force_login(user)
    listing = text(client.get(reverse("need_list"), {"perimetre": "region"}))
    assert "Transport à la demande" in listing and EDITED_TITLE not in listing
    assert EDITED_TITLE not in text(client.get(reverse("need_list"), {"statut": "declined", "perimetre": "region"}))
    assert EDITED_TITLE not in text(client.get(reverse("need_list"), {"q": f"AI-{idea.pk}", "perimetre": "region"}))
    assert client.get(detail_url(idea)).status_code == 404
    for kind in ("csv", "xlsx"):
        content = exported(client, kind)
        assert "Transport à la demande" in content and EDITED_TITLE not in content
    territory_page = text(client.get(reverse("territory_detail", kwargs={"territory": own_territory.slug})))
    assert "Transport à la demande" in territory_page and EDITED_TITLE not in territory_page
    event_page = text(client.get(reverse("event_detail", kwargs={"event": event.pk})))
    assert "Transport à la demande" in event_page and EDITED_TITLE not in event_page
    # Not counted as a need either.
    assert sector_list(user=user).get(pk=sector.pk).need_count == 1
    assert event_list(user=user).get().need_count == 1
    assert not user.has_perm("territories.view_need", declined)


@pytest.mark.parametrize("viewer", ["coordinator", "referent"])
def test_its_reviewers_still_read_a_declined_idea(client, request, viewer, coordinator, idea):
    decline(idea, coordinator)
    client.force_login(request.getfixturevalue(viewer))
    page = text(client.get(detail_url(idea)))
    assert EDITED_TITLE in page and DECLINE_REASON in page and SUBMITTER in page
    assert EDITED_TITLE in text(client.get(reverse("need_list"), {"statut": "declined"}))


# --- The queue -------------------------------------------------------------------------------------------


@pytest.fixture
def ideas_of_two_territories(own_territory, other_territory):
    for territory in (own_territory, other_territory):
        territory.status = "active"
        territory.save(update_fields=["status"])
    own = call_for_ideas_submit(territory=own_territory, text="Idée du Beauvaisis à examiner")
    other = call_for_ideas_submit(territory=other_territory, text="Idée d’Amiens à examiner")
    NeedFactory(territory=own_territory, title="Besoin déjà identifié")
    return own, other


def queue(client, **params):
    return text(client.get(reverse("need_list"), {"statut": "to_review", **params}))


def test_the_queue_of_a_referent_holds_the_ideas_of_their_territories(client, referent, ideas_of_two_territories):
    client.force_login(referent)
    for params in ({}, {"perimetre": "region"}):
        page = queue(client, **params)
        assert "Idée du Beauvaisis à examiner" in page
        assert "Idée d’Amiens à examiner" not in page and "Besoin déjà identifié" not in page


def test_the_queue_of_a_coordinator_holds_every_idea(client, coordinator, ideas_of_two_territories):
    client.force_login(coordinator)
    page = queue(client)
    assert "Idée du Beauvaisis à examiner" in page and "Idée d’Amiens à examiner" in page
    assert "Besoin déjà identifié" not in page


def test_the_queue_of_a_partner_is_empty(client, partner, ideas_of_two_territories):
    client.force_login(partner)
    page = queue(client)
    assert "Idée du Beauvaisis à examiner" not in page and "Idée d’Amiens à examiner" not in page
    assert "Aucun besoin ne correspond à ces critères." in page


@pytest.mark.parametrize("rows", [3, 30])
def test_the_queue_query_budget_does_not_grow(client, coordinator, own_territory, django_assert_max_num_queries, rows):
    own_territory.status = "active"
    own_territory.save(update_fields=["status"])
    for number in range(rows):
        call_for_ideas_submit(territory=own_territory, text=f"Idée {number}", name="X", email="x@exemple.fr")
    client.force_login(coordinator)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("need_list"), {"statut": "to_review"}).status_code == 200


# --- Found by its receipt reference ------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["AI-{pk}", "ai-{pk}", "AI {pk}", " Ai{pk} ", "AI–{pk}"])
@pytest.mark.parametrize("role", ["coordinator", "referent"])
def test_the_reference_finds_the_idea(client, request, role, idea, own_territory, typed):
    NeedFactory(territory=own_territory, title="Un autre besoin")
    client.force_login(request.getfixturevalue(role))
    page = text(client.get(reverse("need_list"), {"q": typed.format(pk=idea.pk)}))
    assert idea.title in page and "Un autre besoin" not in page


def test_the_reference_finds_nothing_the_user_may_not_read(client, partner, other_referent, referent, idea):
    for user in (partner, other_referent):
        client.force_login(user)
        page = text(client.get(reverse("need_list"), {"q": f"AI-{idea.pk}", "perimetre": "region"}))
        assert idea.title not in page
    # Once accepted, partners find it by its reference as well.
    need_accept(need=idea, by=referent, expected_version=idea.version, title=EDITED_TITLE)
    client.force_login(partner)
    assert EDITED_TITLE in text(client.get(reverse("need_list"), {"q": f"AI-{idea.pk}"}))


def test_the_reference_names_only_ideas_of_the_call(client, coordinator, own_territory):
    need = NeedFactory(territory=own_territory, title="Besoin du diagnostic")
    client.force_login(coordinator)
    assert "Besoin du diagnostic" not in text(client.get(reverse("need_list"), {"q": f"AI-{need.pk}"}))


@pytest.mark.parametrize("typed", ["AI-999999999999999999", "AI-99999999999999999999999", "AI-", "AI-1-2"])
def test_odd_references_answer_without_error(client, coordinator, idea, typed):
    client.force_login(coordinator)
    assert client.get(reverse("need_list"), {"q": typed}).status_code == 200


@pytest.mark.parametrize(
    "typed, pk",
    [("AI-27", 27), ("ai-27", 27), ("AI 27", 27), ("AI27", 27), ("27", None), ("AI-", None), ("BAI-27", None)],
)
def test_reading_a_reference(typed, pk):
    assert call_for_ideas_pk(typed) == pk


# --- The submitter's contact -------------------------------------------------------------------------------


@pytest.mark.parametrize("accepted", [False, True])
def test_the_contact_is_read_by_the_reviewers_alone(
    client_for, coordinator, referent, partner, other_referent, idea, accepted
):
    if accepted:
        need_accept(need=idea, by=referent, expected_version=idea.version, title=EDITED_TITLE)
    for user in (coordinator, referent):
        page = text(client_for(user).get(detail_url(idea)))
        assert SUBMITTER in page and EMAIL in page
    for user in (partner, other_referent):
        response = client_for(user).get(detail_url(idea))
        if not accepted:
            assert response.status_code == 404
        page = text(response)
        assert SUBMITTER not in page and EMAIL not in page
    # Never in an export, whoever asks.
    for user in (coordinator, referent, partner):
        client = client_for(user)
        for kind in ("csv", "xlsx"):
            content = exported(client, kind)
            assert SUBMITTER not in content and EMAIL not in content


# --- What the citizen is told ------------------------------------------------------------------------------


def test_the_receipt_says_the_territorys_team_will_examine_the_idea(
    client, own_territory, mailoutbox, django_capture_on_commit_callbacks
):
    own_territory.status = "active"
    own_territory.save(update_fields=["status"])
    url = reverse("call_for_ideas", kwargs={"territory": own_territory.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"text": IDEA, "email": EMAIL, "site_web": ""}, follow=True)
    page = text(response)
    assert "Votre idée sera examinée par l’équipe du territoire «\u00a0Beauvaisis\u00a0»" in page
    (mail,) = mailoutbox
    assert "Votre idée sera examinée par l’équipe du territoire" in mail.body
    assert PERSONAL not in mail.body
