"""ch03 claims."""
