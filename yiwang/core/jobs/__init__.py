"""后台任务: background work and the periodic runner."""
