"""Sponsor matching: `priorities` orders the candidates, `proposals` proposes and accepts."""
