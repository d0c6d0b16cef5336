"""Date and number formats per language where Django's own do not fit the newsroom."""
