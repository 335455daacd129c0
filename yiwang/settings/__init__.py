"""Settings, read from the environment (see docs/deploy.md for the full list).

`yiwang.settings.dev` is the local default used by `make run`; `yiwang.settings.production`
is what gunicorn runs in a deployment; `yiwang.settings.test` is the suite's.
"""
