"""Test support shared by every module's tests: factories, personas and the browser harness.
Production code never imports this package (import-linter enforces it)."""
