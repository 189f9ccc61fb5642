"""The governance app's services, one module per subject."""
