"""Django's model permissions, read for staff only.

The platform's pages decide with the rules of each app (`rules`); Django's permission tables serve the admin,
which staff alone reach. Without this, every `has_perm` that the rules refuse sent two queries for the
permissions of a coordinator, referent or partner, who never hold any.
"""

from django.contrib.auth.backends import ModelBackend


class StaffModelBackend(ModelBackend):
    def _get_permissions(self, user_obj, obj, from_name):
        if not user_obj.is_staff:
            return set()
        return super()._get_permissions(user_obj, obj, from_name)
