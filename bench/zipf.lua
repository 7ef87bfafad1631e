-- wrk script: request the URLs listed in a file (one path a line, most popular first)
-- with Zipf popularity: the page of rank r is asked for in proportion to 1 / r^s.
-- Counts the page cache's answers (X-Page-Cache: hit / miss) and prints one line of
-- figures for bench/mixed.py to read.
-- Usage: wrk -s bench/zipf.lua <url> -- <file> [s]

local urls, cdf = {}, {}
local threads = {}
hits, misses, others = 0, 0, 0

function setup(thread)
  thread:set("number", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local s = tonumber(args[2] or "1") or 1
  for line in io.lines(args[1]) do
    if #line > 0 then urls[#urls + 1] = line end
  end
  local total = 0
  for r = 1, #urls do
    total = total + 1 / (r ^ s)
    cdf[r] = total
  end
  for r = 1, #urls do cdf[r] = cdf[r] / total end
  math.randomseed(os.time() * 100 + (number or 0))
end

function request()
  local x = math.random()
  local lo, hi = 1, #cdf
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < x then lo = mid + 1 else hi = mid end
  end
  return wrk.format("GET", urls[lo])
end

function response(status, headers, body)
  local answer = headers["X-Page-Cache"]
  if answer == "hit" then
    hits = hits + 1
  elseif answer == "miss" then
    misses = misses + 1
  else
    others = others + 1
  end
end

function done(summary, latency, requests)
  local h, m, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    m = m + thread:get("misses")
    o = o + thread:get("others")
  end
  io.write(string.format(
    "MIXED requests=%d seconds=%.3f hits=%d misses=%d others=%d p50_us=%d p99_us=%d errors=%d\n",
    summary.requests, summary.duration / 1e6, h, m, o,
    latency:percentile(50), latency:percentile(99),
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end
