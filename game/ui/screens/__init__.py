"""The app's screens: title, scenario, seat, play, ending, and the modal dialogs."""
