"""The running bot: its clock, retries of passing failures, the sessions being played and the
leases that keep each in one process."""
