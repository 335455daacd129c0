"""Feature modules. Each declares a `manifest`; modules never import each other."""
