-- Loaded by bench/lib/wrk.ts into wrk. With WRK_PATHS (paths, one a line) it asks for them in turn;
-- without, request() stays undefined so wrk keeps its prebuilt request (no Lua per request).
-- done() prints the run with exact latency percentiles (wrk keeps every latency to the µs) as JSON.
local list = os.getenv('WRK_PATHS')
if list and list ~= '' then
  local paths = {}
  for p in string.gmatch(list, '[^\n]+') do paths[#paths + 1] = p end
  local turn = 0
  function request()
    turn = turn % #paths + 1
    return wrk.format(nil, paths[turn])
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"durationUs":%d,"requests":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50":%d,"p95":%d,"p99":%d,"max":%d}\n',
    summary.duration, summary.requests, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
