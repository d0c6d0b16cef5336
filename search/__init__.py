"""Search and the filter counts: what is derived from the releases to find them."""
