"""Compliance: its pages (urls, views, forms)."""
