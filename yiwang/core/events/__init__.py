"""事件: typed events for cross-module reactions.

A service publishes an event inside its transaction; after commit, one background task per
subscribed handler delivers it. Handlers are declared by the subscriber's manifest
(`Manifest.event_handlers = {"tickets.ticket_closed": "yiwang.modules.x.handlers.on_closed"}`),
so modules react to each other without importing each other.
"""
