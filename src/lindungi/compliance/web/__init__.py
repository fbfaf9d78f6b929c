"""Compliance: its pages (urls, views by concept, forms), templates in `templates/compliance/`."""
