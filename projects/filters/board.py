"""The filters of the pipeline board: the list's territory, sector, referent and text (stages are its columns)."""

from .projects import ProjectFilter

# The list's filters that the board has no use for: its columns are the stages (today's: not those of a year's
# end), its order is its own.
NOT_ON_THE_BOARD = ("etape", "statut", "arret", "annee", "au_31_decembre", "tri")


class BoardFilter(ProjectFilter):
    """ProjectFilter without the stage, status, stalled, year and sorting filters, so that the board and the list
    read the same parameters: a column's « voir les autres » opens the list with the board's query."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in NOT_ON_THE_BOARD:
            self.filters.pop(name, None)
