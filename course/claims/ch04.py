"""ch04 claims."""
