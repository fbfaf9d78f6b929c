"""Accounts: its pages (urls, views, forms)."""
