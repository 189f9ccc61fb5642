"""Animation events pages: access per role, what each role sees, filters, export, query budgets, forms."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from territories.models import Actor, AnimationEvent

from ..helpers import response_bytes
from .factories import ActorFactory, AnimationEventFactory, EngagedTerritoryFactory, NeedFactory

LIST_BUDGET = 8
DETAIL_BUDGET = 6  # the change history included


def form_data(territory, **overrides):
    data = {
        "kind": "creativity_session",
        "title": "Séance de créativité sur la mobilité",
        "date": "2026-05-12",
        "territory": territory.pk,
        "participants": "18",
        "ideas_produced": "7",
        "summary": "Trois pistes retenues.",
        # The version an edit form was opened on; a creation form ignores it.
        "version": 1,
    }
    data.update(overrides)
    return data


# --- URLs -------------------------------------------------------------------------------------------


def test_event_urls_resolve_to_event_views():
    """No other pattern of /territoires/ shadows the events pages."""
    assert resolve(reverse("event_list")).url_name == "event_list"
    assert resolve(reverse("event_create")).url_name == "event_create"
    assert resolve(reverse("event_detail", kwargs={"event": 3})).url_name == "event_detail"
    assert resolve(reverse("event_edit", kwargs={"event": 3})).url_name == "event_edit"


# --- List -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "referent", "partner"])
def test_readers_see_the_list(client_for, request, role, other_territory):
    AnimationEventFactory(territory=other_territory, title="Rencontre des acteurs du Clermontois")
    response = client_for(request.getfixturevalue(role)).get(reverse("event_list"))
    assert response.status_code == 200
    assert "Rencontre des acteurs du Clermontois" in response.content.decode()


def test_staff_is_refused_the_list(client_for, staff):
    assert client_for(staff).get(reverse("event_list")).status_code == 403


def test_anonymous_is_sent_to_login(client_for, db):
    response = client_for(None).get(reverse("event_list"))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_partner_sees_no_add_button(client_for, partner, other_territory):
    response = client_for(partner).get(reverse("event_list"))
    assert reverse("event_create") not in response.content.decode()


def test_referent_sees_the_add_button(client_for, referent, own_territory):
    response = client_for(referent).get(reverse("event_list"))
    assert reverse("event_create") in response.content.decode()


def test_list_filters_by_territory_kind_year_and_text(client_for, coordinator, own_territory, other_territory):
    AnimationEventFactory(territory=own_territory, title="Séance mobilité", date=datetime.date(2025, 3, 1))
    AnimationEventFactory(
        territory=own_territory, kind="territory_meeting", title="Rencontre habitat", date=datetime.date(2026, 3, 1)
    )
    AnimationEventFactory(territory=other_territory, title="Séance ailleurs", date=datetime.date(2026, 3, 1))
    client = client_for(coordinator)

    def titles(**params):
        listing = client.get(reverse("event_list"), params).context["listing"]
        return sorted(event.title for event in listing.rows)

    assert titles(territoire=own_territory.slug) == ["Rencontre habitat", "Séance mobilité"]
    assert titles(type="territory_meeting") == ["Rencontre habitat"]
    assert titles(annee="2025") == ["Séance mobilité"]
    assert titles(du="2026-01-01", au="2026-12-31") == ["Rencontre habitat", "Séance ailleurs"]
    assert titles(q="habitat") == ["Rencontre habitat"]
    ordered = client.get(reverse("event_list"), {"tri": "-participants"}).context["listing"].rows
    assert [event.participants for event in ordered] == sorted((e.participants for e in ordered), reverse=True)


def test_list_sorts_by_title(client_for, coordinator, own_territory):
    for title in ("Bêta", "Alpha", "Gamma"):
        AnimationEventFactory(territory=own_territory, title=title)
    rows = client_for(coordinator).get(reverse("event_list"), {"tri": "intitule"}).context["listing"].rows
    assert [event.title for event in rows] == ["Alpha", "Bêta", "Gamma"]


def test_list_shows_totals_of_the_filtered_events(client_for, coordinator, own_territory, other_territory):
    AnimationEventFactory(territory=own_territory, participants=10)
    AnimationEventFactory(territory=own_territory, participants=5, kind="information_session")
    AnimationEventFactory(territory=other_territory, participants=40)
    response = client_for(coordinator).get(reverse("event_list"), {"territoire": own_territory.slug})
    assert response.context["totals"].creativity_sessions == 1
    assert response.context["totals"].participants == 15
    assert "1 séance de créativité" in response.content.decode()


def test_the_totals_of_the_list_as_it_opens_follow_a_new_event_at_once(
    client_for, coordinator, referent, own_territory, other_territory
):
    AnimationEventFactory(territory=own_territory, participants=10)
    AnimationEventFactory(territory=other_territory, participants=40)
    # Kept per role and organisation: the referent's list opens on their territory.
    assert client_for(coordinator).get(reverse("event_list")).context["totals"].participants == 50
    assert client_for(referent).get(reverse("event_list")).context["totals"].participants == 10

    AnimationEventFactory(territory=own_territory, participants=7)

    assert client_for(coordinator).get(reverse("event_list")).context["totals"].participants == 57
    assert client_for(referent).get(reverse("event_list")).context["totals"].participants == 17


def test_a_row_shows_its_date_title_kind_territory_figures_and_partners(client_for, coordinator, own_territory):
    partner = ActorFactory(name="Réseau & Cie")
    event = AnimationEventFactory(
        territory=own_territory,
        title="Séance <Mobilité>",
        participants=1200,
        ideas_produced=3,
        date=datetime.date(2026, 3, 5),
    )
    event.partners_present.add(partner)
    page = client_for(coordinator).get(reverse("event_list")).content.decode()
    assert "<td>05/03/2026</td>" in page
    assert f'<a href="{reverse("event_detail", kwargs={"event": event.pk})}">Séance &lt;Mobilité&gt;</a>' in page
    assert f'<a href="{reverse("territory_detail", kwargs={"territory": own_territory.slug})}">' in page
    assert '<td class="text-end">1\u00a0200</td>' in page and "<td>Réseau &amp; Cie</td>" in page


def test_list_paginates(client_for, coordinator, own_territory):
    AnimationEventFactory.create_batch(30, territory=own_territory)
    response = client_for(coordinator).get(reverse("event_list"))
    assert len(response.context["listing"].rows) == 25
    assert "Page 1 sur 2" in response.content.decode()
    second = client_for(coordinator).get(reverse("event_list"), {"page": 2})
    assert len(second.context["listing"].rows) == 5


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_budget_does_not_grow_with_rows(client_for, coordinator, django_assert_max_num_queries, rows):
    actors = ActorFactory.create_batch(3)
    for _ in range(rows):
        territory = EngagedTerritoryFactory()
        event = AnimationEventFactory(territory=territory)
        event.partners_present.set(actors)
        event.needs.set([NeedFactory(territory=territory)])
    client = client_for(coordinator)
    with django_assert_max_num_queries(LIST_BUDGET):
        response = client.get(reverse("event_list"))
    assert response.status_code == 200


def test_export_csv_holds_every_filtered_row(client_for, partner, own_territory, other_territory):
    event = AnimationEventFactory(territory=own_territory, title="Séance export")
    event.partners_present.set([ActorFactory(name="Coopérative Alpha")])
    AnimationEventFactory(territory=other_territory, title="Ailleurs")
    response = client_for(partner).get(reverse("event_list"), {"territoire": own_territory.slug, "export": "csv"})
    assert response.status_code == 200
    body = response_bytes(response).decode("utf-8")
    assert body.startswith("\ufeffDate;Type d’action;Intitulé;Territoire;")
    assert "Séance export" in body and "Coopérative Alpha" in body
    assert "Ailleurs" not in body


def test_export_xlsx(client_for, coordinator, own_territory):
    AnimationEventFactory.create_batch(30, territory=own_territory)
    response = client_for(coordinator).get(reverse("event_list"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response_bytes(response))).active
    assert sheet.max_row == 31  # the header and every row, not only the first page


# --- Detail -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "referent", "partner"])
def test_readers_see_the_detail(client_for, request, role, other_territory):
    event = AnimationEventFactory(territory=other_territory, summary="Compte rendu détaillé")
    event.partners_present.set([ActorFactory(name="Mutuelle de l’Oise")])
    event.needs.set([NeedFactory(territory=other_territory, title="Garde d’enfants en horaires décalés")])
    response = client_for(request.getfixturevalue(role)).get(reverse("event_detail", kwargs={"event": event.pk}))
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("Compte rendu détaillé", "Mutuelle de l’Oise", "Garde d’enfants en horaires décalés"):
        assert text in body


def test_detail_refuses_staff_and_anonymous(client_for, staff, other_territory):
    event = AnimationEventFactory(territory=other_territory)
    url = reverse("event_detail", kwargs={"event": event.pk})
    assert client_for(staff).get(url).status_code == 403
    response = client_for(None).get(url)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_detail_edit_link_only_for_who_may_edit(client_for, referent, partner, own_territory, other_territory):
    own = AnimationEventFactory(territory=own_territory)
    other = AnimationEventFactory(territory=other_territory)
    client = client_for(referent)
    assert (
        reverse("event_edit", kwargs={"event": own.pk})
        in client.get(reverse("event_detail", kwargs={"event": own.pk})).content.decode()
    )
    assert (
        reverse("event_edit", kwargs={"event": other.pk})
        not in client.get(reverse("event_detail", kwargs={"event": other.pk})).content.decode()
    )
    assert (
        reverse("event_edit", kwargs={"event": own.pk})
        not in client_for(partner).get(reverse("event_detail", kwargs={"event": own.pk})).content.decode()
    )


def test_detail_escapes_the_summary(client_for, coordinator, own_territory):
    event = AnimationEventFactory(territory=own_territory, summary="<script>alert(1)</script>")
    body = client_for(coordinator).get(reverse("event_detail", kwargs={"event": event.pk})).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_unknown_event_is_404(client_for, coordinator):
    assert client_for(coordinator).get(reverse("event_detail", kwargs={"event": 999999})).status_code == 404


@pytest.mark.parametrize("rows", [3, 30])
def test_detail_query_budget_does_not_grow(client_for, coordinator, django_assert_max_num_queries, rows, own_territory):
    event = AnimationEventFactory(territory=own_territory, recorded_by=coordinator)
    event.partners_present.set(ActorFactory.create_batch(rows))
    event.needs.set(NeedFactory.create_batch(rows, territory=own_territory))
    client = client_for(coordinator)
    with django_assert_max_num_queries(DETAIL_BUDGET):
        response = client.get(reverse("event_detail", kwargs={"event": event.pk}))
    assert response.status_code == 200


# --- Create -----------------------------------------------------------------------------------------


def test_referent_records_an_event_on_own_territory(client_for, referent, own_territory):
    partner_actor = ActorFactory(name="Association Mobilité solidaire")
    need = NeedFactory(territory=own_territory)
    data = form_data(own_territory, partners_present=[partner_actor.pk], needs=[need.pk])
    response = client_for(referent).post(reverse("event_create"), data)
    event = AnimationEvent.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("event_detail", kwargs={"event": event.pk})
    assert event.territory == own_territory
    assert event.recorded_by == referent
    assert (event.participants, event.ideas_produced) == (18, 7)
    assert list(event.partners_present.all()) == [partner_actor]
    assert list(event.needs.all()) == [need]


def test_create_form_offers_only_editable_territories(client_for, referent, own_territory, other_territory):
    form = client_for(referent).get(reverse("event_create")).context["form"]
    assert list(form.fields["territory"].queryset) == [own_territory]
    assert other_territory.name not in str(form["territory"])


def test_create_preselects_the_territory_from_the_query(client_for, coordinator, own_territory, other_territory):
    response = client_for(coordinator).get(reverse("event_create"), {"territoire": own_territory.slug})
    assert response.context["form"].initial["territory"] == own_territory
    assert f'value="{own_territory.pk}" selected' in response.content.decode()


def test_create_ignores_a_preselection_the_user_may_not_edit(client_for, referent, own_territory, other_territory):
    response = client_for(referent).get(reverse("event_create"), {"territoire": other_territory.slug})
    # The other territory is ignored: the referent's only territory is preselected, as without a parameter.
    assert response.context["form"].initial.get("territory") == own_territory


def test_referent_cannot_record_on_another_territory(client_for, referent, own_territory, other_territory):
    response = client_for(referent).post(reverse("event_create"), form_data(other_territory))
    assert response.status_code == 200
    assert "Vous ne pouvez pas enregistrer d’action d’animation sur ce territoire." in response.content.decode()
    assert AnimationEvent.objects.count() == 0


def test_needs_of_another_territory_are_refused(client_for, coordinator, own_territory, other_territory):
    foreign = NeedFactory(territory=other_territory, title="Besoin d’ailleurs")
    response = client_for(coordinator).post(reverse("event_create"), form_data(own_territory, needs=[foreign.pk]))
    assert response.status_code == 200
    assert (
        "Le besoin « Besoin d’ailleurs » relève d’un autre territoire que celui de l’action."
        in response.content.decode()
    )
    assert AnimationEvent.objects.count() == 0


def test_referent_cannot_link_a_need_of_a_territory_they_do_not_follow(
    client_for, referent, own_territory, other_territory
):
    foreign = NeedFactory(territory=other_territory)
    response = client_for(referent).post(reverse("event_create"), form_data(own_territory, needs=[foreign.pk]))
    assert "Ce besoin n’est pas disponible" in response.content.decode()
    assert AnimationEvent.objects.count() == 0


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"title": ""}, "title", "Ce champ est obligatoire."),
        (
            {"date": "32/13/2026"},
            "date",
            "Le 32/13/2026 n’existe pas : vérifiez le jour et le mois (format jj/mm/aaaa).",
        ),
        ({"participants": "-3"}, "participants", "Assurez-vous que cette valeur est supérieure ou égale à 0."),
        ({"kind": "party"}, "kind", "Sélectionnez un choix valide. party n’en fait pas partie."),
        ({"ideas_produced": "beaucoup"}, "ideas_produced", "Saisissez un nombre entier."),
    ],
)
def test_bad_input_is_refused_with_a_french_message(client_for, coordinator, own_territory, overrides, field, message):
    response = client_for(coordinator).post(reverse("event_create"), form_data(own_territory, **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert 'aria-invalid="true"' in response.content.decode()
    assert AnimationEvent.objects.count() == 0


def test_missing_territory_is_refused(client_for, coordinator, own_territory):
    data = form_data(own_territory)
    del data["territory"]
    response = client_for(coordinator).post(reverse("event_create"), data)
    assert response.context["form"].errors["territory"] == ["Ce champ est obligatoire."]
    assert AnimationEvent.objects.count() == 0


@pytest.mark.parametrize("role", ["partner", "staff"])
def test_non_editors_are_refused_the_create_page(client_for, request, role):
    user = request.getfixturevalue(role)
    assert client_for(user).get(reverse("event_create")).status_code == 403
    assert client_for(user).post(reverse("event_create"), {}).status_code == 403


def test_anonymous_is_sent_to_login_from_create(client_for, db):
    response = client_for(None).get(reverse("event_create"))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


# --- Edit -------------------------------------------------------------------------------------------


def test_referent_edits_own_event(client_for, referent, own_territory):
    event = AnimationEventFactory(territory=own_territory, title="Avant")
    url = reverse("event_edit", kwargs={"event": event.pk})
    client = client_for(referent)
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(own_territory, title="Après", participants="25"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.participants) == ("Après", 25)


def test_referent_is_refused_the_edit_of_another_territorys_event(client_for, referent, own_territory, other_territory):
    event = AnimationEventFactory(territory=other_territory, title="Intouchable")
    url = reverse("event_edit", kwargs={"event": event.pk})
    client = client_for(referent)
    assert client.get(url).status_code == 403
    assert client.post(url, form_data(own_territory, title="Volé")).status_code == 403
    event.refresh_from_db()
    assert (event.title, event.territory) == ("Intouchable", other_territory)


def test_referent_cannot_move_own_event_to_another_territory(client_for, referent, own_territory, other_territory):
    event = AnimationEventFactory(territory=own_territory)
    response = client_for(referent).post(reverse("event_edit", kwargs={"event": event.pk}), form_data(other_territory))
    assert response.status_code == 200
    assert "Vous ne pouvez pas enregistrer d’action d’animation sur ce territoire." in response.content.decode()
    event.refresh_from_db()
    assert event.territory == own_territory


def test_coordinator_edits_any_event(client_for, coordinator, other_territory):
    event = AnimationEventFactory(territory=other_territory)
    response = client_for(coordinator).post(
        reverse("event_edit", kwargs={"event": event.pk}), form_data(other_territory, kind="call_for_ideas")
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.kind == "call_for_ideas"


def test_edit_bad_input_saves_nothing(client_for, coordinator, own_territory):
    event = AnimationEventFactory(territory=own_territory, title="Intact", participants=12)
    response = client_for(coordinator).post(
        reverse("event_edit", kwargs={"event": event.pk}), form_data(own_territory, title="", participants="-1")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["Ce champ est obligatoire."]
    event.refresh_from_db()
    assert (event.title, event.participants) == ("Intact", 12)


@pytest.mark.parametrize("role", ["partner", "staff"])
def test_non_editors_are_refused_the_edit_page(client_for, request, role, own_territory):
    event = AnimationEventFactory(territory=own_territory)
    assert (
        client_for(request.getfixturevalue(role)).get(reverse("event_edit", kwargs={"event": event.pk})).status_code
        == 403
    )


def test_edit_form_shows_current_values(client_for, coordinator, own_territory):
    event = AnimationEventFactory(territory=own_territory, date=datetime.date(2026, 4, 2))
    event.partners_present.set([ActorFactory(name="Acteur présent", kind=Actor.Kind.ASSOCIATION)])
    body = client_for(coordinator).get(reverse("event_edit", kwargs={"event": event.pk})).content.decode()
    assert 'value="02/04/2026"' in body
    assert re.search(
        r'<input type="checkbox" name="partners_present" value="\d+"[^>]* checked>\n Acteur présent</label>', body
    )


def test_the_date_filters_take_french_dates(client_for, coordinator, own_territory):
    AnimationEventFactory(territory=own_territory, title="Séance de mars", date=datetime.date(2026, 3, 15))
    AnimationEventFactory(territory=own_territory, title="Séance de mai", date=datetime.date(2026, 5, 2))
    response = client_for(coordinator).get(reverse("event_list"), {"du": "01/03/2026", "au": "31032026"})
    titles = [event.title for event in response.context["listing"].rows]
    assert titles == ["Séance de mars"]
    page = response.content.decode()
    assert 'name="au" value="31032026" placeholder="jj/mm/aaaa"' in page


def test_a_referents_list_as_it_opens_reads_its_totals_from_the_cache(client_for, referent, own_territory):
    """A referent's filters hold their default perimeter, yet their list as it opens is the same for everyone of
    their organisation: its totals are kept, as a coordinator's are."""
    AnimationEventFactory(territory=own_territory, participants=10)
    client = client_for(referent)
    assert client.get(reverse("event_list")).context["totals"].participants == 10
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("event_list")).context["totals"].participants == 10
    assert not [query for query in queries if 'SUM("territories_animationevent"."participants")' in query["sql"]]
    # Asked for another perimeter, the totals are those of the rows shown, computed afresh.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("event_list"), {"perimetre": "region"}).context["totals"].participants == 10
    assert [query for query in queries if 'SUM("territories_animationevent"."participants")' in query["sql"]]
