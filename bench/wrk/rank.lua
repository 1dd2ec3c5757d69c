-- wrk script: POST /v1/rank for known users of the demo world, round robin.
--   wrk -t2 -c32 -d20s --latency -s bench/wrk/rank.lua http://127.0.0.1:8080
-- USERS (env) is how many user ids 1..USERS to cycle through; SIZE the creative size.
local users = tonumber(os.getenv("USERS") or "2000")
local size = os.getenv("SIZE") or "300x250"
local counter = 0
request = function()
  counter = counter + 1
  local body = string.format('{"user": "%d", "size": "%s"}', (counter % users) + 1, size)
  return wrk.format("POST", "/v1/rank", {["Content-Type"] = "application/json"}, body)
end
