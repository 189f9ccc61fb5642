"""Public URLs, open without an account: the call for ideas of each active territory."""

from django.urls import path

from core.access import PUBLIC, policy

from ..views import public as views

urlpatterns = [
    path("<slug:territory>/appel-a-idees/", policy(PUBLIC)(views.call_for_ideas), name="call_for_ideas"),
    path(
        "<slug:territory>/appel-a-idees/merci/",
        policy(PUBLIC)(views.call_for_ideas_receipt),
        name="call_for_ideas_receipt",
    ),
]
