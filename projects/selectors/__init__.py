"""Reads of the projects app, scoped to what the user may see."""
