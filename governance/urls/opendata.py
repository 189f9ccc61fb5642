"""Open data URLs, public: mounted at the site's root by fabrique/urls.py (/api/…, /donnees-ouvertes/)."""

from django.urls import path

from core.access import PUBLIC, policy

from ..views import opendata as views

urlpatterns = [
    path("donnees-ouvertes/", policy(PUBLIC)(views.opendata_index), name="opendata_index"),
    path("api/indicators.json", policy(PUBLIC)(views.indicators_json), name="indicators_json"),
    path("api/indicators.csv", policy(PUBLIC)(views.indicators_csv), name="indicators_csv"),
    path("api/datapackage.json", policy(PUBLIC)(views.datapackage), name="datapackage"),
]
