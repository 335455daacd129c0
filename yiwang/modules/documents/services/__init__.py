"""The writes of 公文: one transaction each, audited, side effects after commit."""
