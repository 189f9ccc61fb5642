"""The list behind each figure of the dashboard: a count of 12 opens the 12 rows, filtered."""


def indicator_list_url(key, *, year, territory=None, sector=None, region=False):
    """The URL of the list whose rows an indicator counts, for the year, the territory (None: the reader's
    default scope, or the region when `region`) and the sector; None for an indicator with no such list."""
    return None
