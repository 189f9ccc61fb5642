"""Writes of the projects app, keyword-only, each in a transaction."""
