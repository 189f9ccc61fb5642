"""Choice labels come from a table built once per field and language, and say what Django's own would say."""

from django.db.models import Model
from django.utils import translation

from territories.models import Actor, Need

from ..territories.factories import NeedFactory


def django_label(instance, name):
    field = instance._meta.get_field(name)
    return Model._get_FIELD_display(instance, field)


def test_same_labels_as_django_for_every_choice(db):
    need = Need(title="x")
    for status in Need.Status:
        need.status = status
        assert need.get_status_display() == django_label(need, "status") == status.label
    need.priority = 2
    assert need.get_priority_display() == django_label(need, "priority")


def test_an_unknown_value_is_shown_as_it_is():
    actor = Actor(kind="inconnu")
    assert actor.get_kind_display() == "inconnu"


def test_the_table_follows_the_active_language(db):
    need = NeedFactory(status=Need.Status.QUALIFIED)
    assert need.get_status_display() == "qualifié"
    with translation.override("en"):
        assert need.get_status_display() == django_label(need, "status")
    assert need.get_status_display() == "qualifié"
