"""gunicorn configuration for Yiwang app servers (also what `make bench` runs).

Every value can be overridden from the environment file (/etc/yiwang/yiwang.env) so that one file
serves every app server; the defaults are the ones measured in bench/README.md.
Sync-style request handling is safe here because nginx buffers slow clients (request and response)
in front of gunicorn; gthread workers keep idle keep-alive connections from nginx cheap.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
# One thread a worker: the work is CPU-bound Python, and a second thread only fights for the GIL —
# measured on the ticket intake (bench/tickets), 2 threads cost about 2 ms more CPU a request.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request that takes longer than this is killed and logged; statutory deadlines never depend on it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so a slow leak in a dependency never becomes an outage.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "500"))
# Only nginx (on this host or the load-balancer hosts) may set X-Forwarded-*.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Off by default: each worker opens its own database connections and search-index handles after
# the fork. Turning it on saves memory but only if no app opens a connection at import time.
preload_app = os.environ.get("GUNICORN_PRELOAD", "false").lower() in {"1", "true", "yes", "on"}
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "yiwang"
# /dev/shm keeps the worker heartbeat files off slow or read-only disks (ProtectSystem=strict).
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR", "/dev/shm")  # noqa: S108 — tmpfs, per worker
