"""Territories app filters, one module per subject."""
