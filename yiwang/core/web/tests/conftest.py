"""Fixtures for the web tests: the shared `login` fixture (root conftest) signs staff in."""
