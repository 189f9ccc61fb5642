"""The projects app's forms, one module per subject."""
