"""文件: the one upload and download service."""
