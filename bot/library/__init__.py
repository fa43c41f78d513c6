"""The questions the bot plays: each server's sets (shipped and its own, with translations), the
set a review session plays, and the review cards stored for their questions."""
