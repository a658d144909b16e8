"""lessons claims."""
