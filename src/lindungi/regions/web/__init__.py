"""Regions: its pages (urls, views, forms)."""
