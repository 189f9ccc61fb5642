"""Projects, their stages, journal, funding and the library of inspiring initiatives."""
