"""The Textual interface: screens, widgets and styles. Imported only when a game is played on screen."""
