"""Committees, meetings, decisions, indicators and annual packs."""
