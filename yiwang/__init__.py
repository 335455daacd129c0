"""Yiwang (一网) — an integrated e-government platform for a city and its counties.

Layers, from the top down (see docs/architecture.md):

    yiwang.modules.<module>   feature modules; never import each other
    yiwang.core.<service>     the platform's shared services; never import a module
    yiwang.common             plain helpers with no knowledge of either

Import-linter enforces these rules in CI (see `.importlinter`).
"""
