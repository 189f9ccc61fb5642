"""Territories app imports, one module per subject."""
