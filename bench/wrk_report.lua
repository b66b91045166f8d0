-- wrk script of the benchmark: each request is the next (path, cookie) of the listing named by
-- BENCH_REQUESTS, so one run spreads a page's load over a sample of real users; done() prints one
-- JSON line the runner reads (wrk's own report has no p95).
local listing = os.getenv("BENCH_REQUESTS")
local requests = {}
local counter = 0

local function load()
  for line in io.lines(listing) do
    local path, cookie = line:match("^([^\t]*)\t?(.*)$")
    local headers = {}
    if cookie ~= nil and cookie ~= "" then headers["Cookie"] = cookie end
    requests[#requests + 1] = wrk.format("GET", path, headers)
  end
end

function setup(thread)
  thread:set("offset", math.random(1, 1000))
end

function init(args)
  load()
  counter = offset or 0
end

function request()
  counter = counter + 1
  return requests[(counter % #requests) + 1]
end

function done(summary, latency, requests_)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "errors": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, errors,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
