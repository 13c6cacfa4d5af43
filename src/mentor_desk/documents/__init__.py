"""Printed documents: a small block model, PDF (reportlab) and DOCX (python-docx) renderers.

Pure data in, file out: no Qt, no database. Layout constants live in layout.py.
"""
