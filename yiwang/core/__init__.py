"""The platform's shared services (建立一个平台). One of each: every module uses these.

Core never imports a feature module; it learns about modules only through their manifests
(`yiwang.core.registry`).
"""
