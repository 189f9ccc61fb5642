"""The governance app's list filters, one module per subject."""
