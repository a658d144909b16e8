"""ch07 claims."""
