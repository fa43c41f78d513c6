"""Timing: one scheduler for every timer on the event loop's clock, and the scheduled challenges
fired through it."""
