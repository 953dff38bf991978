"""The Qt user interface (widgets, dialogs, the main window)."""

from siwu_desktop.ui import pyside_import

pyside_import.install()  # before the rest of the interface is imported (issue #6)
