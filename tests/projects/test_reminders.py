"""The referents' reminders (projects/notifications.py): overdue next steps grouped in one email per referent, none
for a paused or abandoned project and armed again when it is reactivated, spread over the week's morning slots;
the 1- and 3-year follow-ups of created enterprises on the right days."""

import datetime
from collections import Counter

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from core.models import Notification, NotificationOptOut
from core.notifications import notifications_send_due
from core.roles import Role
from projects.models import Project
from projects.notifications import (
    SLOT_COUNT,
    add_years,
    follow_up_reminders_plan,
    next_step_reminders_plan,
    spread,
)
from projects.services.projects import project_move_to_stage

from ..fabrique.factories import UserFactory
from .factories import NextStepFactory, ProjectFactory


def next_wednesday_at_six():
    """The daily run of a Wednesday to come (local time), so that every slot it plans is in the future."""
    today = timezone.localdate()
    day = today + datetime.timedelta(days=(2 - today.weekday()) % 7 or 7)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(6, 0)))


NOW = next_wednesday_at_six()
TODAY = NOW.date()


def path_of(link):
    return link[len(settings.SITE_URL.rstrip("/")) :]


def overdue(project, owner, days=3, text="Rencontrer le porteur"):
    return NextStepFactory(project=project, owner=owner, text=text, due_date=TODAY - datetime.timedelta(days=days))


def reminders(**filters):
    return Notification.objects.filter(kind="next_step_reminder", **filters)


def deliver(django_capture_on_commit_callbacks, when):
    with django_capture_on_commit_callbacks(execute=True):
        notifications_send_due(now=when)


@pytest.fixture
def projects(own_territory):
    return (
        ProjectFactory(territory=own_territory, title="Garage solidaire", stage=Project.Stage.OPPORTUNITY_STUDY),
        ProjectFactory(territory=own_territory, title="Épicerie mobile", stage=Project.Stage.INCUBATION),
    )


def test_a_referents_overdue_steps_come_in_one_scheduled_email(
    client_for, referent, projects, django_capture_on_commit_callbacks
):
    garage, grocery = projects
    overdue(garage, referent, text="Rencontrer le porteur")
    overdue(grocery, referent, days=10, text="Relancer la mairie")
    NextStepFactory(project=garage, owner=referent, text="Pas encore due", due_date=TODAY + datetime.timedelta(1))
    NextStepFactory(project=garage, owner=referent, text="Déjà faite", due_date=TODAY, done_at=NOW)
    coordinator = UserFactory(role=Role.COORDINATOR)
    overdue(garage, coordinator, text="Étape d’un coordinateur")  # coordinators read theirs in the weekly digest
    other = UserFactory(role=Role.REFERENT, organisation=referent.organisation)
    overdue(grocery, other, text="Étape d’un collègue")

    assert next_step_reminders_plan(now=NOW) == 2
    (notification,) = reminders(user=referent)
    assert notification.status == Notification.Status.SCHEDULED and notification.send_after > NOW
    local = timezone.localtime(notification.send_after)
    assert local.weekday() < 5 and datetime.time(8) <= local.time() < datetime.time(12)
    year, week, _day = local.isocalendar()
    assert notification.dedup_key == f"next_step_reminder:{referent.pk}:{year}-W{week:02d}"
    assert not reminders(user=coordinator).exists()

    deliver(django_capture_on_commit_callbacks, NOW)  # not due yet: nothing goes
    assert mail.outbox == []
    deliver(django_capture_on_commit_callbacks, notification.send_after)
    message = next(message for message in mail.outbox if message.to == [referent.email])
    assert message.subject == "Rappel\u00a0: des prochaines étapes de vos projets sont en retard"
    body = message.body
    assert "Rencontrer le porteur" in body and "Relancer la mairie" in body and "Garage solidaire" in body
    assert "Pas encore due" not in body and "Déjà faite" not in body and "Étape d’un collègue" not in body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Relancer la mairie" in html
    project_link = f"/projets/{garage.pk}/"
    assert project_link in body and client_for(referent).get(project_link).status_code == 200
    assert client_for(referent).get(path_of(Notification.objects.get(pk=notification.pk).link)).status_code == 200

    # The next day's run: the reminder already sent this week stays alone (next week's is planned).
    assert next_step_reminders_plan(now=NOW + datetime.timedelta(days=1)) == 2
    assert reminders(user=referent, status=Notification.Status.SENT).count() == 1


def test_none_for_a_paused_or_abandoned_project_and_armed_again_when_reactivated(referent, projects):
    garage, grocery = projects
    overdue(garage, referent, text="Rencontrer le porteur")
    overdue(grocery, referent, text="Relancer la mairie")
    next_step_reminders_plan()
    (notification,) = reminders(user=referent)
    key = notification.dedup_key

    project_move_to_stage(
        project=garage, by=referent, to_stage=Project.SideState.ON_HOLD, expected_version=garage.version, reason="Pause"
    )
    notification = reminders(user=referent).get()
    assert notification.status == Notification.Status.SCHEDULED and notification.dedup_key == key
    assert "Relancer la mairie" in notification.text and "Rencontrer le porteur" not in notification.text

    project_move_to_stage(
        project=grocery,
        by=referent,
        to_stage=Project.SideState.ABANDONED,
        expected_version=grocery.version,
        reason="Plus de porteur",
    )
    assert reminders(user=referent).get().status == Notification.Status.CANCELLED
    assert next_step_reminders_plan() == 0
    assert reminders(user=referent).get().status == Notification.Status.CANCELLED

    # Reactivated: the same reminder comes back, with the project's step.
    project_move_to_stage(project=garage, by=referent, to_stage=garage.stage, expected_version=garage.version)
    notification = reminders(user=referent).get()
    assert notification.status == Notification.Status.SCHEDULED and notification.dedup_key == key
    assert "Rencontrer le porteur" in notification.text and "Relancer la mairie" not in notification.text


def test_a_referent_who_switched_reminders_off_gets_none(referent, projects):
    NotificationOptOut.objects.create(user=referent, kind="next_step_reminder")
    overdue(projects[0], referent)
    assert next_step_reminders_plan(now=NOW) == 0
    assert not reminders().exists()


def test_many_reminders_are_spread_over_the_weeks_mornings():
    # 300 reminders found by one run: a few per slot, over every weekday morning, never one burst.
    moments = spread(range(1, 301), now=NOW)
    per_slot = Counter(moments)
    assert max(per_slot.values()) <= 5
    per_day = Counter(timezone.localtime(moment).date() for moment in moments)
    assert len(per_day) == 5 and max(per_day.values()) <= 80
    assert all(timezone.localtime(moment).weekday() < 5 and moment >= NOW for moment in moments)
    # The same recipients get the same slots from one run to the next.
    assert spread(range(1, 301), now=NOW) == moments


def test_a_run_with_many_referents_schedules_no_burst(own_territory):
    project = ProjectFactory(territory=own_territory)
    users = UserFactory.create_batch(120, role=Role.REFERENT, organisation=own_territory.referent_actor)
    for user in users:
        overdue(project, user)
    assert next_step_reminders_plan(now=NOW) == 120
    per_slot = Counter(reminders().values_list("send_after", flat=True))
    assert max(per_slot.values()) <= 3 and len(per_slot) >= 120 // 3
    assert len(per_slot) <= SLOT_COUNT


@pytest.fixture
def enterprise(own_territory):
    return ProjectFactory(
        territory=own_territory,
        title="Recyclerie du Beauvaisis",
        stage=Project.Stage.CREATED,
        creation_date=add_years(TODAY, -1),
        siret="73282932000074",
    )


def follow_ups(**filters):
    return Notification.objects.filter(kind="follow_up_reminder", **filters)


def test_the_one_year_follow_up_is_reminded_on_its_anniversary_once(client_for, referent, enterprise, other_territory):
    UserFactory(role=Role.REFERENT, organisation=other_territory.referent_actor)
    assert follow_up_reminders_plan(now=NOW - datetime.timedelta(days=1)) == 0  # the day before: not yet
    assert follow_up_reminders_plan(now=NOW) == 1
    assert follow_up_reminders_plan(now=NOW + datetime.timedelta(days=1)) == 1  # the same row, not a second one
    (notification,) = follow_ups()
    assert notification.user == referent and notification.status == Notification.Status.SCHEDULED
    assert notification.dedup_key == f"follow_up_reminder:{enterprise.pk}:1y:{referent.pk}"
    assert (
        notification.subject
        == "Suivi à 1 an de «\u00a0Recyclerie du Beauvaisis\u00a0»\u00a0: renseignez l’activité et les emplois"
    )
    assert "il y a un an" in notification.text and "Recyclerie du Beauvaisis" in notification.html
    local = timezone.localtime(notification.send_after)
    assert local.weekday() < 5 and datetime.time(8) <= local.time() < datetime.time(12)
    # The link opens the page where the referent records the follow-up.
    response = client_for(referent).get(path_of(notification.link))
    assert response.status_code == 200 and 'name="still_active_1y"' in response.content.decode()


def test_the_three_year_follow_up_and_none_once_recorded(referent, enterprise):
    Project.objects.filter(pk=enterprise.pk).update(creation_date=add_years(TODAY, -3), still_active_1y=True)
    assert follow_up_reminders_plan(now=NOW - datetime.timedelta(days=1)) == 0
    assert follow_up_reminders_plan(now=NOW) == 1
    (notification,) = follow_ups()
    assert notification.dedup_key.endswith(f":3y:{referent.pk}") and "il y a trois ans" in notification.text
    Project.objects.filter(pk=enterprise.pk).update(still_active_3y=True)
    Notification.objects.all().delete()
    assert follow_up_reminders_plan(now=NOW) == 0
    # A project not yet created is never reminded.
    Project.objects.filter(pk=enterprise.pk).update(stage=Project.Stage.INCUBATION, still_active_3y=None)
    assert follow_up_reminders_plan(now=NOW) == 0
