"""`boardroom serve`: the page, and the checks in front of textual-serve (origins, a cap, a saves folder per browser)."""
