"""Plain helpers with no knowledge of core services or modules (masking, text, validators)."""
