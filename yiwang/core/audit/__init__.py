"""审计日志: append-only, hash-chained record of every state change."""
