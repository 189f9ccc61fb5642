"""Geography, engaged territories, readiness, sectors, actors and the diagnosis of needs."""
