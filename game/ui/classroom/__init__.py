"""A student's game in a class session: the lobby, the teacher's controls, the end screen with the class."""
