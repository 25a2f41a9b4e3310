"""Offline gazetteer for conflict reporting: names, spellings, zones and corridors."""
