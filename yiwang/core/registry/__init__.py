"""模块注册: feature-module manifests and the staff menu built from them."""
