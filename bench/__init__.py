"""Benchmarks (not tests): `make bench` → `python -m bench.run`. See bench/README.md."""
