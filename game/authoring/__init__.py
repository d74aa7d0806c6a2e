"""Tools for scenario authors. Pure Python: never imports textual or rich."""
