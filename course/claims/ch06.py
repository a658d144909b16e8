"""ch06 claims."""
