"""Sync with the central server. For now: the hybrid logical clock and the outbox."""
