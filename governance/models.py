"""Committees, decisions and indicators (models arrive with the governance issue)."""
