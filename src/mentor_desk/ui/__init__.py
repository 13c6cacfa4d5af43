"""The PySide6 user interface: windows, tabs, Qt models and dialogs. No business rules."""
