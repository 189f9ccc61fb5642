"""Territories app selectors, one module per subject."""
