"""Authentication backend that refuses locked accounts."""

from django.contrib.auth.backends import ModelBackend


class LockoutAwareBackend(ModelBackend):
    pass
