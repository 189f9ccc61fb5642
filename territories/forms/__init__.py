"""Territories app forms, one module per subject."""
