"""Use cases. Each takes a Session from the caller: one user action, one transaction."""
