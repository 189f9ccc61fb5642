"""The dashboard: the figures of the method for a year, a territory and a sector, for every reader."""
