"""The public call for ideas: open without an account, lands as a need, protected against abuse."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from territories.models import Need
from territories.services.public import RATE_LIMIT, call_for_ideas_submit, title_from_text

from .factories import EngagedTerritoryFactory, SectorFactory

XSS = "<script>alert(1)</script><b>gras</b>"


def page(territory):
    return reverse("call_for_ideas", kwargs={"territory": territory.slug})


def receipt(territory):
    return reverse("call_for_ideas_receipt", kwargs={"territory": territory.slug})


def submit(client, territory, **overrides):
    data = {"text": "Il manque un service de transport à la demande pour les villages.", "site_web": ""}
    data.update(overrides)
    return client.post(page(territory), data)


# --- The page -----------------------------------------------------------------------------------------


def test_anonymous_opens_the_page_of_an_active_territory(client, territory):
    response = client.get(page(territory))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Appel à idées : Pays du Vermandois test" in body
    assert 'name="text"' in body and 'maxlength="2000"' in body


def test_the_honeypot_is_hidden_from_people_but_labelled(client, territory):
    form = client.get(page(territory)).context["form"]
    body = client.get(page(territory)).content.decode()
    honeypot = str(form.honeypot)
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot
    hidden_block = body.split('<div class="visually-hidden">', 1)[1].split("</div>", 1)[0]
    assert 'name="site_web"' in hidden_block
    assert "laissez ce champ vide" in hidden_block
    assert body.count('name="site_web"') == 1


def test_only_active_sectors_are_offered(client, territory):
    SectorFactory(name="Filière retirée", slug="filiere-retiree", is_active=False)
    body = client.get(page(territory)).content.decode()
    assert "Filière retirée" not in body
    assert "Mobilité" in body


@pytest.mark.parametrize("status", ["candidate", "engaged", "closed"])
def test_a_territory_that_is_not_active_has_no_page(client, db, status):
    territory = EngagedTerritoryFactory(status=status)
    assert client.get(page(territory)).status_code == 404
    assert client.post(page(territory), {"text": "Une idée"}).status_code == 404
    assert client.get(receipt(territory)).status_code == 404
    assert Need.objects.count() == 0


def test_an_unknown_territory_has_no_page(client, db):
    assert client.get(reverse("call_for_ideas", kwargs={"territory": "inconnu"})).status_code == 404


@pytest.mark.parametrize("role", ["coordinator", "referent", "partner", "staff"])
def test_signed_in_users_may_open_it_too(client_for, request, role, territory):
    assert client_for(request.getfixturevalue(role)).get(page(territory)).status_code == 200


def test_the_page_holds_a_small_query_budget(client, territory, django_assert_max_num_queries):
    SectorFactory.create_batch(20)
    with django_assert_max_num_queries(2):
        assert client.get(page(territory)).status_code == 200


# --- A submission -------------------------------------------------------------------------------------


def test_a_submission_lands_as_a_need_and_shows_a_receipt(client, territory, sector, mailoutbox):
    text = "Les personnes âgées de nos villages n’ont aucun moyen de se rendre au marché le samedi matin."
    response = submit(client, territory, text=text, sector=sector.pk, name="Claire Dubois")
    need = Need.objects.get()
    assert response.status_code == 302 and response["Location"] == receipt(territory)
    assert need.territory == territory
    assert need.sector == sector
    assert need.source == Need.Source.CALL_FOR_IDEAS
    assert need.status == Need.Status.TO_REVIEW
    assert need.identified_on == timezone.localdate()
    assert need.description == text
    assert need.title == "Les personnes âgées de nos villages n’ont aucun moyen de se rendre au marché le…"
    assert need.recorded_by is None
    assert (need.submitter_name, need.submitter_email, need.submitter_consents_to_contact) == (
        "Claire Dubois",
        "",
        False,
    )
    body = client.get(receipt(territory)).content.decode()
    assert f"AI-{need.pk}" in body
    assert "Merci pour votre idée" in body
    assert mailoutbox == []


def test_email_with_consent_is_kept_and_gets_the_receipt(
    client, territory, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, territory, email="habitant@exemple.fr", consent="on", name="Jean")
    need = Need.objects.get()
    assert need.submitter_email == "habitant@exemple.fr"
    assert need.submitter_consents_to_contact is True
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["habitant@exemple.fr"]
    assert f"AI-{need.pk}" in mail.subject and f"AI-{need.pk}" in mail.body
    assert "Pays du Vermandois test" in mail.body
    assert "Vous avez accepté d’être recontacté·e" in mail.body
    assert "Un accusé de réception vous est envoyé par e-mail." in client.get(receipt(territory)).content.decode()


def test_email_without_consent_gets_the_receipt_but_is_not_kept(
    client, territory, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, territory, email="discret@exemple.fr")
    need = Need.objects.get()
    assert need.submitter_email == ""
    assert need.submitter_consents_to_contact is False
    assert [mail.to for mail in mailoutbox] == [["discret@exemple.fr"]]
    assert "n’est pas conservée" in mailoutbox[0].body


def test_no_email_is_sent_before_commit(client, territory, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(client, territory, email="habitant@exemple.fr", consent="on")
    assert mailoutbox == []
    # The receipt waits for the commit (beside core.aggregates' forgetting of the counts).
    assert len([callback for callback in callbacks if "_send_receipt" in str(callback.__code__.co_names)]) == 1


# --- Bad input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"text": ""}, "text", "Décrivez votre idée ou le besoin que vous constatez."),
        ({"text": "   \n  "}, "text", "Décrivez votre idée ou le besoin que vous constatez."),
        (
            {"text": "x" * 2001},
            "text",
            "Votre texte est trop long : 2000 caractères au plus (il en compte 2001).",
        ),
        (
            {"email": "pas-une-adresse"},
            "email",
            "Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.fr.",
        ),
        ({"sector": "999999"}, "sector", "Choisissez une filière de la liste."),
    ],
)
def test_bad_input_is_refused_with_a_french_message(client, territory, overrides, field, message):
    response = submit(client, territory, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors[field] == [message]
    assert Need.objects.count() == 0


def test_an_inactive_sector_is_refused(client, territory):
    retired = SectorFactory(slug="retiree", is_active=False)
    response = submit(client, territory, sector=retired.pk)
    assert response.context["form"].errors["sector"] == ["Choisissez une filière de la liste."]
    assert Need.objects.count() == 0


def test_two_thousand_characters_are_accepted(client, territory):
    submit(client, territory, text="y" * 2000)
    assert len(Need.objects.get().description) == 2000


# --- Abuse --------------------------------------------------------------------------------------------


def test_a_filled_honeypot_pretends_success_and_saves_nothing(client, territory, mailoutbox):
    response = submit(client, territory, site_web="http://spam.example", email="victime@exemple.fr")
    assert response.status_code == 302 and response["Location"] == receipt(territory)
    assert Need.objects.count() == 0
    assert mailoutbox == []
    body = client.get(receipt(territory)).content.decode()
    assert "AI-" not in body
    assert "Aucune contribution récente à afficher." in body


def test_the_rate_limit_allows_five_submissions_an_hour_per_address(client, territory):
    for _ in range(RATE_LIMIT):
        assert submit(client, territory).status_code == 302
    response = submit(client, territory)
    assert response.status_code == 429
    assert "Vous avez déjà envoyé plusieurs idées dans l’heure." in response.content.decode()
    assert Need.objects.count() == RATE_LIMIT


def test_the_rate_limit_is_per_address(client, territory):
    for _ in range(RATE_LIMIT):
        submit(client, territory)
    assert client.post(page(territory), {"text": "Une autre idée"}, REMOTE_ADDR="192.0.2.7").status_code == 302
    assert Need.objects.count() == RATE_LIMIT + 1


def test_the_rate_limit_ignores_a_forged_forwarded_header(client, territory):
    for index in range(RATE_LIMIT):
        client.post(page(territory), {"text": "Idée"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{index}")
    response = client.post(page(territory), {"text": "Idée"}, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429
    assert Need.objects.count() == RATE_LIMIT


def test_honeypot_submissions_count_towards_the_limit(client, territory):
    for _ in range(RATE_LIMIT):
        submit(client, territory, site_web="robot")
    assert submit(client, territory).status_code == 429
    assert Need.objects.count() == 0


def test_invalid_submissions_do_not_use_up_the_limit(client, territory):
    for _ in range(RATE_LIMIT + 2):
        submit(client, territory, text="")
    assert submit(client, territory).status_code == 302
    assert Need.objects.count() == 1


def test_the_limit_is_shared_across_territories(client, territory):
    other = EngagedTerritoryFactory(status="active")
    for _ in range(RATE_LIMIT):
        submit(client, territory)
    assert submit(client, other).status_code == 429
    assert Need.objects.filter(territory=other).count() == 0


# --- No HTML from a submission --------------------------------------------------------------------------


def test_markup_is_stored_raw_and_escaped_on_every_output(
    client, territory, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, territory, text=XSS, name="<i>Nom</i>", email="habitant@exemple.fr", consent="on")
    need = Need.objects.get()
    assert need.description == XSS
    assert need.title == XSS
    body = client.get(receipt(territory)).content.decode()
    assert "<script>alert(1)</script>" not in body and "<b>gras</b>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;gras&lt;/b&gt;" in body
    # The receipt email is plain text and carries neither the text nor the name.
    (mail,) = mailoutbox
    assert mail.alternatives == []
    assert "script" not in mail.body and "gras" not in mail.body and "Nom" not in mail.body


def test_a_form_redisplayed_with_errors_escapes_what_was_typed(client, territory):
    body = submit(client, territory, text=XSS, email="<b>x</b>").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert Need.objects.count() == 0


# --- Receipt ------------------------------------------------------------------------------------------


def test_the_receipt_shows_nothing_without_a_submission(client, territory):
    Need.objects.create(
        territory=territory,
        title="Autre",
        description="Autre",
        source="call_for_ideas",
        identified_on=datetime.date.today(),
    )
    body = client.get(receipt(territory)).content.decode()
    assert "AI-" not in body
    assert "Aucune contribution récente à afficher." in body


def test_the_receipt_of_another_territory_does_not_show_the_submission(client, territory):
    other = EngagedTerritoryFactory(status="active")
    submit(client, territory, text="Une idée pour le Vermandois")
    body = client.get(receipt(other)).content.decode()
    assert "Une idée pour le Vermandois" not in body and "AI-" not in body


def test_another_visitor_does_not_see_the_receipt(client, territory):
    submit(client, territory, text="Mon idée personnelle")
    client.cookies.clear()
    body = client.get(receipt(territory)).content.decode()
    assert "Mon idée personnelle" not in body


# --- Service ------------------------------------------------------------------------------------------


def test_the_service_refuses_a_territory_that_is_not_active(db):
    territory = EngagedTerritoryFactory(status="engaged")
    with pytest.raises(ValidationError, match="ne reçoit pas d’idées"):
        call_for_ideas_submit(territory=territory, text="Une idée", sector=None, name="", email="", consent=False)
    assert Need.objects.count() == 0


def test_consent_without_email_is_kept_as_given(territory):
    need = call_for_ideas_submit(territory=territory, text="Idée", sector=None, name="Léa", email="", consent=True)
    assert (need.submitter_email, need.submitter_consents_to_contact) == ("", True)


@pytest.mark.parametrize(
    "text, title",
    [
        ("Court", "Court"),
        ("  plusieurs   espaces\net lignes ", "plusieurs espaces et lignes"),
        ("mot " * 30, ("mot " * 20).strip() + "…"),
        ("a" * 120, "a" * 79 + "…"),
        ("x" * 80, "x" * 80),
        ("Une phrase, " + "b" * 75, "Une phrase…"),
    ],
)
def test_title_from_text(text, title):
    assert title_from_text(text) == title
    assert len(title_from_text(text)) <= 80


def test_the_need_page_escapes_a_submission_and_guards_the_submitter(
    client_for, client, referent, partner, coordinator
):
    territory = EngagedTerritoryFactory(status="active", referent_actor=referent.organisation)
    submit(client, territory, text=XSS, name="Claire <b>Dubois</b>", email="claire@exemple.fr", consent="on")
    need = Need.objects.get()
    url = reverse("need_detail", kwargs={"need": need.pk})
    for user in (coordinator, referent):
        body = client_for(user).get(url).content.decode()
        assert "<script>alert(1)</script>" not in body and "<b>gras</b>" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        assert "claire@exemple.fr" in body and "Claire &lt;b&gt;Dubois&lt;/b&gt;" in body
    # Partners read the idea once reviewed, and never its submitter.
    assert client_for(partner).get(url).status_code == 404
    Need.objects.filter(pk=need.pk).update(status=Need.Status.IDENTIFIED)
    body = client_for(partner).get(url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert(1)</script>" not in body
    assert "claire@exemple.fr" not in body and "Dubois" not in body
