-- wrk script of bench/run.py: POSTs the requests of a file to /graphql, one a line: a bearer token ("-" for
-- none), a tab, and the JSON body. Thread t of n sends lines t, t+n, t+2n, ... (wrapping around), so every
-- request varies and no two threads send the same line. Run as
--   wrk -t2 -c32 -d15s --latency -s requests.lua http://127.0.0.1:PORT/graphql -- FILE 2
-- An error is a status other than 200 or a body with "errors" (every response is checked). At the end it
-- prints one line, "BENCH {json}": requests, duration, p50 and p99 latency (microseconds), the errors, the
-- socket errors and time-outs, and "next_line", the first line no thread reached (where a run that must not
-- repeat a request starts the next file); and the first error's body on standard error.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local path, thread_count = args[1], tonumber(args[2])
  requests = {}
  for line in io.lines(path) do
    local token, body = line:match("^(%S+)\t(.*)$")
    local headers = { ["Content-Type"] = "application/json" }
    if token ~= "-" then
      headers["Authorization"] = "Bearer " .. token
    end
    requests[#requests + 1] = wrk.format("POST", nil, headers, body)
  end
  step = thread_count
  position = id
  errors = 0
  first_error = nil
end

function request()
  local r = requests[position % #requests + 1]
  position = position + step
  return r
end

function response(status, headers, body)
  if status ~= 200 or body:find('"errors"', 1, true) then
    errors = errors + 1
    first_error = first_error or (status .. " " .. body:sub(1, 2000))
  end
end

function done(summary, latency, requests)
  local errors, next_line, first = 0, 0, nil
  for _, thread in ipairs(threads) do
    errors = errors + thread:get("errors")
    next_line = math.max(next_line, thread:get("position"))
    first = first or thread:get("first_error")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"errors":%d,' ..
    '"socket_errors":%d,"timeouts":%d,"next_line":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), errors,
    e.connect + e.read + e.write, e.timeout, next_line))
  if first then
    io.stderr:write("first error: " .. first .. "\n")
  end
end
