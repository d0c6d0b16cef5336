"""Bringing in releases written as plain text: parser, linker, release builder."""
