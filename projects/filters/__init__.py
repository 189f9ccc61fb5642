"""The projects app's filters, one module per subject."""
