"""Incident mapper: conflict reports to maps and GIS files."""
