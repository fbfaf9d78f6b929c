"""Workers: its pages (urls, views, forms)."""
