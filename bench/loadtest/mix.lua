-- mix.lua -- wrk script of `make loadtest` (bench/loadtest.sh).
-- LT_DIR: tokens.txt ("uid token") and uploads.txt ("sender_id json-body");
-- LT_FETCH: the share of authenticated mailbox fetches (GET /api/messages/ID,
-- the v1 list route every relay keeps), the rest are verified uploads (POST
-- /api/messages, each a distinct pre-sealed envelope; thread k of LT_THREADS
-- takes every LT_THREADS-th one, and wraps around (a 409) when it runs out).
local dir = os.getenv("LT_DIR")
local fetch = tonumber(os.getenv("LT_FETCH") or "0.8")
local nthreads = tonumber(os.getenv("LT_THREADS") or "1")
local fetch_path = os.getenv("LT_FETCH_QUERY") or ""
local next_id = 0
local threads = {}

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  tokens, fetchers, uploads = {}, {}, {}
  for line in io.lines(dir .. "/tokens.txt") do
    local uid, tok = line:match("^(%S+) (%S+)$")
    tokens[uid] = tok
    if uid:sub(1, 2) == "lf" then table.insert(fetchers, uid) end
  end
  if fetch < 1 then
    local i = 0
    for line in io.lines(dir .. "/uploads.txt") do
      if i % nthreads == tid then
        local sp = line:find(" ", 1, true)
        table.insert(uploads, { line:sub(1, sp - 1), line:sub(sp + 1) })
      end
      i = i + 1
    end
  end
  fi, ui = tid, 0
  math.randomseed(os.time() * 1000 + tid * 7919)
end

function request()
  if fetch >= 1 or (fetch > 0 and math.random() < fetch) then
    fi = fi % #fetchers + 1
    local u = fetchers[fi]
    return wrk.format("GET", "/api/messages/" .. u .. fetch_path, { ["Authorization"] = "Bearer " .. tokens[u] })
  end
  ui = ui % #uploads + 1
  local e = uploads[ui]
  return wrk.format("POST", "/api/messages",
    { ["Authorization"] = "Bearer " .. tokens[e[1]], ["Content-Type"] = "application/json" }, e[2])
end

-- 409s (an upload set used up: duplicates) are counted apart from the
-- other non-2xx answers.
n409 = 0
function response(status, headers, body)
  if status == 409 then n409 = n409 + 1 end
end

function done(summary, latency, requests)
  local e, dup = summary.errors, 0
  for _, t in ipairs(threads) do dup = dup + (t:get("n409") or 0) end
  io.write(string.format("LT requests=%d duration_us=%d p50=%d p90=%d p99=%d max=%d connect=%d read=%d write=%d status=%d timeout=%d dup=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout, dup))
end
