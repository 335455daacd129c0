"""The engine adapter: SpiffWorkflow behind a small API (`runtime`), and safe expressions."""
