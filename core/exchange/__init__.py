"""What goes in and out: the physio's export (xlsx and CSV) and the demo runner."""
