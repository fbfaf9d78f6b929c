"""Contributions: its pages (urls, views, forms)."""
