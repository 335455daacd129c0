"""通知: in-app messages, email and SMS, sent after commit."""
