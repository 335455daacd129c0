"""政府网站 — the city portal and its county/district sub-sites on Wagtail (一个网站)."""
