"""Background job: build an annual committee pack (filled with the packs work)."""
