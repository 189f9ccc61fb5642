"""The governance app's selectors, one module per subject."""
