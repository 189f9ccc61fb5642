"""The projects app's views, one module per subject."""
