"""安全保障: 等保 2.0 level-3 application controls — backups and restore drills, incident register,
audit retention and export, rate limits and the self-assessment report."""
