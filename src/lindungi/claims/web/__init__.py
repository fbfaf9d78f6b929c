"""Claims: its pages (urls, views, forms)."""
