from django.urls import path

from articles import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.post_list, name="list"),
    path("feed/", feeds.rss_feed, name="feed"),
    path("feed/atom/", feeds.atom_feed, name="atom"),
    path("preview/<int:pk>/", views.post_preview, name="preview"),
    path("series/<slug:slug>/", views.series_detail, name="series"),
    path("tag/<slug:slug>/", views.tag_detail, name="tag"),
    path("<slug:slug>/", views.post_detail, name="detail"),
]
