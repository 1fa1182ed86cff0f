"""Runback's benchmarks: ``python -m bench`` measures the budgets in docs/PERFORMANCE.md."""
