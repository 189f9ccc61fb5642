"""Personal data: the coordinators' pages to find, export and erase what the platform holds about one person, the
retention the schedule applies, and the user accounts' own source (core/personal_data.py holds the registry)."""
