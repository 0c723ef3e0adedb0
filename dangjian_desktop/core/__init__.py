"""Domain rules and operations in plain Python: no Qt, no printing."""
