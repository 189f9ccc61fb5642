"""The projects app's imports, one module per subject."""
