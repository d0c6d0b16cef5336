-- wrk script for bench/mixed_load.sh: each connection asks for the pages named in
-- wrk's arguments in turn (after "--"), counts answers other than 2xx, and prints
-- RESULT <requests/s> <p50 ms> <p99 ms> <non-2xx> <socket errors> <requests>
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  paths = args
  next_path = id or 0
  non2xx = 0
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    bad, e.connect + e.read + e.write + e.timeout, summary.requests))
end
