from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "yiwang.core.search"
    label = "search"
    verbose_name = "Search"
