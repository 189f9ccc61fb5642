"""Template tags of the governance app."""
