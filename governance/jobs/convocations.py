"""Background job: send one member the convocation to a meeting (filled with the meetings work)."""
