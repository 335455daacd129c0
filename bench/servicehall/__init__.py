"""Benchmark data of the service hall (一个大厅)."""
