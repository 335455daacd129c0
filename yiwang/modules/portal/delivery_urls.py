"""Public delivery URLs of the portal: column feeds, sitemap.xml and robots.txt (per site)."""

from django.urls import path

from . import feeds

app_name = "portal_delivery"

urlpatterns = [
    path("feeds/<int:column_id>/rss.xml", feeds.rss_feed, name="feed-rss"),
    path("feeds/<int:column_id>/atom.xml", feeds.atom_feed, name="feed-atom"),
    path("sitemap.xml", feeds.sitemap, name="sitemap"),
    path("robots.txt", feeds.robots_txt, name="robots"),
]
