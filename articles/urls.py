from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.post_list, name="list"),
]
