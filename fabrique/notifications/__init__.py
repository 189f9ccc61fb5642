"""The notification pages of the platform (« Mes notifications », the coordinators' « Envois ») and what
fabrique adds to core.notifications: the invitation kind, and refused addresses recorded on the user."""
