"""Territories app services, one module per subject."""
