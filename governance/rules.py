"""Permission predicates of the governance app (filled as its models arrive)."""
