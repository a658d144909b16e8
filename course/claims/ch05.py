"""ch05 claims."""
