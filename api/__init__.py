"""The read-only open data API under /api/ (docs/api.md)."""
