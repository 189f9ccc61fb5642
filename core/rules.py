"""The role predicates (django-rules) that every app's object rules are built on."""

import rules

from .roles import Role, is_reader_user


@rules.predicate
def is_coordinator(user):
    return user.is_authenticated and user.role == Role.COORDINATOR


@rules.predicate
def is_referent(user):
    return user.is_authenticated and user.role == Role.REFERENT


@rules.predicate
def is_partner(user):
    return user.is_authenticated and user.role == Role.PARTNER


@rules.predicate
def is_reader(user):
    return is_reader_user(user)
