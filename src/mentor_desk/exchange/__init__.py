"""Files in and out: register import and export. No Qt here; the wizard drives this."""
