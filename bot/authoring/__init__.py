"""The question form: write, change and remove one question of a server set in Discord.

``document`` edits a set's YAML as data, ``form`` turns the form's five texts into a
question (and back), ``checking`` validates the result exactly as a set file, ``drafts``
keeps the open forms, and ``service`` answers the commands, the form and its buttons.
``uploads`` checks a set file given to ``/sets load`` and reports its errors.
"""
