"""Django's permission tables are read for staff only: the platform's roles never query them."""

from django.contrib.auth.models import Permission

from ..fabrique.factories import UserFactory


def test_a_platform_user_is_answered_without_reading_the_permission_tables(db, django_assert_num_queries):
    user = UserFactory(role="partner")
    user.user_permissions.add(Permission.objects.get(codename="view_permission"))
    with django_assert_num_queries(0):
        assert not user.has_perm("auth.view_permission")
        assert not user.has_perm("territories.change_territory")


def test_staff_keep_their_django_permissions(db):
    user = UserFactory(role="partner", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_permission"))
    assert user.has_perm("auth.view_permission")
