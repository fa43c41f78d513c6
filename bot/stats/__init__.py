"""What the bot reports about play: the ``/progress`` chart and ``/sets stats``."""
