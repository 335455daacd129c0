"""全文检索: one Chinese full-text search service with pluggable backends."""
