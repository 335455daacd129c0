from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "yiwang.core.jobs"
    label = "jobs"
    verbose_name = "Jobs"
