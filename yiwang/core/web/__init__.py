"""界面: public and staff base layouts, 长辈版, home pages."""
