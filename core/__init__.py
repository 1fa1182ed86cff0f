"""Runback's domain core: the model, the protocol, the rules, storage and export.

Nothing here imports Qt; the desktop app in ``ui/`` calls into this package.
"""
