"""Permission predicates of the projects app (filled as its models arrive)."""
