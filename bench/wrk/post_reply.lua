-- Posts replies as many signed-in members, each to a random thread, so no
-- member reaches the per-member posting limit (FORUM_RATE_LIMITS).
-- BENCH_POST_PLAN names a file of lines "S <sessionid> <csrftoken>" (one per
-- member session) and "T <thread id>"; each session posts at most
-- BENCH_POST_QUOTA times, then the next one takes over.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

function init(args)
  statuses = {}
  exhausted = 0
  sessions, targets = {}, {}
  local quota = tonumber(os.getenv("BENCH_POST_QUOTA") or "9")
  local n_threads = tonumber(os.getenv("BENCH_WRK_THREADS") or "2")
  local index = 0
  for line in io.lines(os.getenv("BENCH_POST_PLAN")) do
    local kind, a, b = line:match("^(%a) (%S+) ?(%S*)$")
    if kind == "S" then
      -- Sessions are split between wrk threads so none is shared.
      if index % n_threads == id then
        table.insert(sessions, {cookie = "sessionid=" .. a .. "; csrftoken=" .. b,
                                csrf = b, left = quota})
      end
      index = index + 1
    elseif kind == "T" then
      table.insert(targets, a)
    end
  end
  current = 1
  sent = 0
  math.randomseed(1000 + id)
end

function request()
  local session = sessions[current]
  while session ~= nil and session.left <= 0 do
    current = current + 1
    session = sessions[current]
  end
  if session == nil then
    -- Out of quota: keep using the last session; the replies will be
    -- refused (429) and reported as failures.
    exhausted = exhausted + 1
    session = sessions[#sessions]
  else
    session.left = session.left - 1
  end
  sent = sent + 1
  local thread_id = targets[math.random(#targets)]
  local body = "Thanks for sharing this. Load test reply " .. id .. "-" .. sent
    .. ". Pacing myself, a symptom diary and regular meals helped with the"
    .. " fatigue more than I expected; I would ask your care team about it too."
  return wrk.format("POST", "/t/" .. thread_id .. "/reply/", {
    ["Cookie"] = session.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "csrfmiddlewaretoken=" .. session.csrf .. "&body=" .. urlencode(body))
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local merged = {}
  local out_of_quota = 0
  for _, thread in ipairs(threads) do
    for code, n in pairs(thread:get("statuses") or {}) do
      merged[code] = (merged[code] or 0) + n
    end
    out_of_quota = out_of_quota + (thread:get("exhausted") or 0)
  end
  local parts = {}
  for code, n in pairs(merged) do
    table.insert(parts, string.format('"%d": %d', code, n))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, '
      .. '"p99_us": %d, "max_us": %d, "errors": {"connect": %d, "read": %d, '
      .. '"write": %d, "timeout": %d}, "statuses": {%s}, "out_of_quota": %d}\n',
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout, table.concat(parts, ", "), out_of_quota))
end
