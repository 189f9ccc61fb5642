"""Projects and their stages (models arrive with the projects issue)."""
