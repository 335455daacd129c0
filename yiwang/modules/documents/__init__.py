"""公文 (official documents) — the office system's drafting-to-archive engine."""
