-- A realistic traffic mix, as a forum's visitors make it:
--   thread views over every thread with a Zipf-like popularity (a few hot
--   threads, a long tail nobody opened in the last minute), condition pages
--   (mostly page 1), the home page, searches from a list of terms;
--   a share of the reads by signed-in members (several, not one);
--   about one reply per second per wrk thread, by members within their
--   posting limit.
-- BENCH_MIX_PLAN names a file of lines:
--   T <thread id>            in popularity order (the first is the hottest)
--   C <condition slug>
--   Q <search term, url-encoded>
--   M <sessionid> <csrftoken>  a signed-in reader
--   S <sessionid> <csrftoken>  a member who posts replies
-- Prints one "BENCH_JSON {...}" line: requests, latency percentiles,
-- statuses, how many requests of each kind were sent, and how many
-- responses the page cache answered (X-Page-Cache: hit). wrk can't tie a
-- response to its request across connections, so the hit rate is overall.
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

local ZIPF_S = tonumber(os.getenv("BENCH_ZIPF_S") or "1.0")
local SIGNED_IN = tonumber(os.getenv("BENCH_SIGNED_IN_SHARE") or "0.15")

function init(args)
  statuses, kinds, hits = {}, {}, {cache = 0}
  topics, conditions, terms, readers, posters = {}, {}, {}, {}, {}
  local quota = tonumber(os.getenv("BENCH_POST_QUOTA") or "9")
  local n_threads = tonumber(os.getenv("BENCH_WRK_THREADS") or "2")
  local index = 0
  for line in io.lines(os.getenv("BENCH_MIX_PLAN")) do
    local kind, a, b = line:match("^(%a) (%S+) ?(%S*)$")
    if kind == "T" then
      table.insert(topics, a)
    elseif kind == "C" then
      table.insert(conditions, a)
    elseif kind == "Q" then
      table.insert(terms, a)
    elseif kind == "M" then
      table.insert(readers, "sessionid=" .. a .. "; csrftoken=" .. b)
    elseif kind == "S" then
      -- Posting sessions are split between wrk threads, none shared.
      if index % n_threads == id then
        table.insert(posters, {cookie = "sessionid=" .. a .. "; csrftoken=" .. b,
                               csrf = b, left = quota})
      end
      index = index + 1
    end
  end
  -- Cumulative Zipf weights over the threads' popularity ranks.
  cumulative = {}
  local total = 0
  for rank = 1, #topics do
    total = total + 1 / (rank ^ ZIPF_S)
    cumulative[rank] = total
  end
  zipf_total = total
  math.randomseed(2000 + id)
  last_post = os.time()
  poster = 1
end

local function zipf_thread()
  local u = math.random() * zipf_total
  local lo, hi = 1, #cumulative
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cumulative[mid] < u then lo = mid + 1 else hi = mid end
  end
  return topics[lo]
end

local function get(path, kind, cookie)
  kinds[kind] = (kinds[kind] or 0) + 1
  local headers = {}
  if cookie then headers["Cookie"] = cookie end
  return wrk.format("GET", path, headers)
end

local function reply()
  local session = posters[poster]
  while session ~= nil and session.left <= 0 do
    poster = poster + 1
    session = posters[poster]
  end
  if session == nil then return nil end
  session.left = session.left - 1
  -- No long number in the text: the personal-data guard would ask the
  -- author to confirm it (a 400 with the form again).
  replies_sent = (replies_sent or 0) + 1
  local body = "body=" .. urlencode(
    "Thanks, that matches what my clinic said; pacing helped me too. Note "
      .. replies_sent .. " from reader " .. id .. "."
  ) .. "&csrfmiddlewaretoken=" .. session.csrf
  kinds["reply"] = (kinds["reply"] or 0) + 1
  return wrk.format("POST", "/t/" .. zipf_thread() .. "/reply/", {
    ["Cookie"] = session.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

function request()
  local now = os.time()
  if now > last_post then
    last_post = now
    local r = reply()
    if r then return r end
  end
  local cookie = nil
  local who = "anon"
  if #readers > 0 and math.random() < SIGNED_IN then
    cookie = readers[math.random(#readers)]
    who = "member"
  end
  local roll = math.random()
  if roll < 0.65 then
    return get("/t/" .. zipf_thread() .. "/", who .. " thread", cookie)
  elseif roll < 0.80 then
    local slug = conditions[math.random(#conditions)]
    local page = ""
    if math.random() < 0.2 then page = "?page=2" end
    return get("/conditions/" .. slug .. "/" .. page, who .. " condition", cookie)
  elseif roll < 0.92 then
    return get("/", who .. " home", cookie)
  else
    return get("/search/?q=" .. terms[math.random(#terms)], who .. " search", cookie)
  end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if headers["X-Page-Cache"] == "hit" or headers["x-page-cache"] == "hit" then
    hits.cache = hits.cache + 1
  end
end

local function merge(name)
  local merged = {}
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get(name) or {}) do
      merged[key] = (merged[key] or 0) + n
    end
  end
  return merged
end

local function as_json(t)
  local parts = {}
  for key, n in pairs(t) do
    table.insert(parts, string.format('"%s": %d', tostring(key), n))
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, '
      .. '"p99_us": %d, "max_us": %d, "errors": {"connect": %d, "read": %d, '
      .. '"write": %d, "timeout": %d}, "statuses": %s, "kinds": %s, "hits": %s}\n',
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout, as_json(merge("statuses")),
    as_json(merge("kinds")), as_json(merge("hits"))))
end
