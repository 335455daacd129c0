"""一个大厅 — the service hall: the 政务服务事项 catalogue and 办事指南, online applications (办件),
e-certificates, 好差评, progress lookup and the physical hall's queue."""
