"""Widgets for the title, play and ending screens. They get data as attributes and post messages up."""
