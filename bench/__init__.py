"""Runback's benchmarks: ``python -m bench`` measures the budgets of PRODUCT.md."""
