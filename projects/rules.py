"""Who may do what in the projects app: one place for object access (django-rules)."""

import rules

from core.rules import is_coordinator, is_partner, is_reader, is_referent
from territories.rules import is_referent_of_objects_territory

from .models import Initiative, Project
from .models.projects import committee_condition


@rules.predicate
def is_before_users_committee(user, project):
    """The project is on the agenda of a meeting of one of the user's committees that they may read (the
    condition is registered by the governance app: models.projects.committee_condition)."""
    return project is not None and Project.objects.filter(pk=project.pk).filter(committee_condition(user)).exists()


# Reading a project: coordinators and referents read every project of the region (a referent edits only
# those of their own territories); partners read the summary of the projects put before their committees.
rules.add_perm("projects.view_project", is_coordinator | is_referent | (is_partner & is_before_users_committee))
# Creating one: territories.add_in_territory, asked with the territory (a coordinator, or its referents).
# Editing, moving, scoring one: coordinators, and the referents of its territory. Committee stages are
# further restricted by stages.check_move.
can_edit_project = is_coordinator | (is_referent & is_referent_of_objects_territory)
rules.add_perm("projects.change_project", can_edit_project)
rules.add_perm("projects.move_project", can_edit_project)
rules.add_perm("projects.score_project", can_edit_project)
# A person leading the project: name, e-mail and phone are personal data.
rules.add_perm("projects.view_leader_personal_data", can_edit_project)
# Importing projects from a spreadsheet: each line is then checked against territories.add_in_territory.
rules.add_perm("projects.import_projects", is_coordinator | is_referent)
# The lists coordinators extend: stop reasons and social-innovation criteria.
rules.add_perm("projects.manage_stop_reasons", is_coordinator)
rules.add_perm("projects.manage_criteria", is_coordinator)
rules.add_perm("projects.view_criteria", is_reader)
# Internal journal entries and documents, like the leader's personal data: coordinators and the referents of
# the project's territory (DESIGN.md: elsewhere, referents read summaries, no internal notes); never partners.
rules.add_perm("projects.view_internal_follow_up", can_edit_project)


@rules.predicate
def is_published_initiative(user, initiative):
    """A published initiative of the library (asked without one: initiatives in general)."""
    return initiative is None or initiative.status == Initiative.Status.PUBLISHED


# The library of inspiring initiatives: everyone of the platform reads the published ones, coordinators the
# drafts too (the same rule as Initiative.objects.visible_to); coordinators write the catalogue. Replicating one
# on a territory (object: the initiative) is for those who create projects: the territory is then checked by
# territories.add_in_territory.
rules.add_perm("projects.view_initiative", is_reader & (is_coordinator | is_published_initiative))
rules.add_perm("projects.add_initiative", is_coordinator)
rules.add_perm("projects.change_initiative", is_coordinator)
rules.add_perm("projects.replicate_initiative", (is_coordinator | is_referent) & is_published_initiative)
