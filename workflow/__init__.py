"""The editorial workflow: who may do what, steps, editing, revisions, previews; the staff admin."""
