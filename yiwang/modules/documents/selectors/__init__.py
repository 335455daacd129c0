"""The reads of 公文: bounded, with the relations a page shows."""
