"""`gbawatch watch`, `gbawatch feed`, `gbawatch schedule`: watching (filled in by the watching issue)."""
