-- wrk script: count non-2xx answers per thread and print one JSON line at the end.
-- Percentiles come from wrk's own HdrHistogram-style latency record (microseconds).
-- Extra request headers (a session cookie) are passed with wrk's own -H.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

-- `wrk ... -- ok=302` counts that status as an answer too (a form's redirect after a POST).
function init(args)
  non2xx = 0
  statuses = {}
  accepted = {}
  for _, arg in ipairs(args or {}) do
    local code = arg:match("^ok=(%d+)$")
    if code then accepted[tonumber(code)] = true end
  end
end

function response(status, headers, body)
  if (status < 200 or status > 299) and not accepted[status] then
    non2xx = non2xx + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local n = 0
  local by_status = {}
  for _, t in ipairs(threads) do
    n = n + (t:get("non2xx") or 0)
    local s = t:get("statuses") or {}
    for code, count in pairs(s) do
      by_status[code] = (by_status[code] or 0) + count
    end
  end
  local parts = {}
  for code, count in pairs(by_status) do
    table.insert(parts, string.format('"%d": %d', code, count))
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"duration_us": %d, "requests": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"non2xx": %d, "non2xx_by_status": {%s}, ' ..
    '"latency_us": {"min": %d, "max": %d, "mean": %.1f, "stdev": %.1f, ' ..
    '"p50": %d, "p90": %d, "p95": %d, "p99": %d, "p999": %d}}\n',
    summary.duration, summary.requests, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    n, table.concat(parts, ", "),
    latency.min, latency.max, latency.mean, latency.stdev,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency:percentile(99.9)))
end
