from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "yiwang.core.orgs"
    label = "orgs"
    verbose_name = "Organisations"
