"""Billing: its pages (urls, views, forms)."""
