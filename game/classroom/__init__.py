"""Classroom material: transcripts, class reports and role cards. Pure Python, no UI library."""
