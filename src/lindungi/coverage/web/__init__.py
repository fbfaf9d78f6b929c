"""Coverage: its pages (urls, views, forms)."""
