from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.sitemaps import SITEMAPS
from articles.views import robots_txt
from coaching import views
from coaching.models import Page
from coaching.pagecache import reader_cache

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.site_page, {"key": Page.Key.ABOUT}, name="about"),
    path("privacy/", views.site_page, {"key": Page.Key.PRIVACY}, name="privacy"),
    path(
        "disclaimer/", views.site_page, {"key": Page.Key.DISCLAIMER}, name="disclaimer"
    ),
    path("healthz", views.healthz, name="healthz"),
    path("blog/", include("articles.urls")),
    path("sitemap.xml", reader_cache(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("book/", include("bookings.urls")),
    path("newsletter/", include("newsletter.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "coaching.views.bad_request"
handler403 = "coaching.views.permission_denied"
handler404 = "coaching.views.page_not_found"
handler500 = "coaching.views.server_error"
