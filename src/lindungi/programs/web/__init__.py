"""Programs: its pages (urls, views, forms)."""
