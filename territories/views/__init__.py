"""Territories app views, one module per subject."""
