"""权限: the one chokepoint for staff access, scoped by agency subtree."""
