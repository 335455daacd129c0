"""后台任务: background work and the periodic runner."""

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "yiwang.core.jobs"
    label = "jobs"
    verbose_name = "Jobs"

    def ready(self) -> None:
        # Periodic jobs are declared with @periodic in each app's tasks.py: import them all.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("tasks")
