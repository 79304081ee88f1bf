"""Ingest: turn a file on disk into `Document`s (the file itself plus any child documents)."""
