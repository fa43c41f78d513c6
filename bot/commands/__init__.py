"""The slash-command tree: member-facing errors, one handler turning failures into ephemeral
sentences, and syncing the tree only when it changed."""
