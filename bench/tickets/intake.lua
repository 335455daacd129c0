-- wrk script for ticket intake: every request is a POST of a new ticket by another sender.
--
-- Arguments after wrk's `--`: report=<path of bench/report.lua> senders=<file> codes=<prefix> [ok=302]
--   senders: one sender per line, tab-separated: path, extra headers ("Name: value" joined by \1),
--            and the request body, where {n} is replaced by a per-request number (titles differ).
--   codes:   each thread appends the query codes it was answered with to <prefix>-<thread>.txt
--            (the API answers with the code; the web form's redirect carries none).
-- Every request also carries X-Real-IP from 10.0.0.0/8, as nginx passes the client's address,
-- so per-IP limits see many clients rather than the one loopback address.

local function option(args, name)
  for _, value in ipairs(args) do
    local found = value:match("^" .. name .. "=(.*)$")
    if found then return found end
  end
  return nil
end

local report_path = os.getenv("BENCH_REPORT_LUA")
dofile(report_path)
local report_setup, report_init, report_response = setup, init, response

local counter = 0
local started = 0

function setup(thread)
  report_setup(thread)
  started = started + 1
  thread:set("thread_id", started)
end

function init(args)
  report_init(args)
  senders = {}
  for line in io.lines(option(args, "senders")) do
    local path, headers, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
    local parsed = {}
    for header in string.gmatch(headers, "[^\1]+") do
      local name, value = header:match("^([^:]+):%s*(.*)$")
      parsed[name] = value
    end
    senders[#senders + 1] = { path = path, headers = parsed, body = body }
  end
  local prefix = option(args, "codes")
  codes_file = prefix and io.open(string.format("%s-%d.txt", prefix, thread_id), "a") or nil
  -- threads start far apart in the list, so two threads rarely post for the same sender together
  counter = (thread_id - 1) * 7919
end

function request()
  counter = counter + 1
  local sender = senders[(counter % #senders) + 1]
  local headers = {}
  for name, value in pairs(sender.headers) do headers[name] = value end
  local n = counter * 16 + thread_id
  headers["X-Real-IP"] = string.format("10.%d.%d.%d", thread_id % 256, math.floor(n / 256) % 256, n % 256)
  local body = sender.body:gsub("{n}", tostring(n))
  return wrk.format("POST", sender.path, headers, body)
end

function response(status, headers, body)
  report_response(status, headers, body)
  if codes_file and status >= 200 and status < 300 then
    for code in body:gmatch('"service_request_id"%s*:%s*"(%d+)"') do
      codes_file:write(code, "\n")
    end
    codes_file:flush()
  end
end
