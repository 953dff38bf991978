"""The Qt user interface (widgets, dialogs, the main window)."""
