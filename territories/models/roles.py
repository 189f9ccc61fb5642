"""Role names as the territories app uses them (the User model lives in the fabrique app)."""

COORDINATOR = "coordinator"
REFERENT = "referent"
PARTNER = "partner"
# Staff administer the platform through the Django admin; the pages are for the other roles.
READER_ROLES = frozenset({COORDINATOR, REFERENT, PARTNER})
