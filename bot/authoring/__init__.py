"""The question form: write, change and remove one question of a server set in Discord.

``document`` edits a set's YAML as data, ``form`` turns the form's five texts into a
question (and back), ``changing`` makes a form's change of a stored set in the upload
workers (read, change, write, validate: never on the event loop), ``checking`` points the
validator's errors at the form's fields, ``drafts`` keeps the open forms, and ``service``
answers the commands, the form and its buttons.
``uploads`` checks a set file given to ``/sets load`` and reports its errors.
"""
