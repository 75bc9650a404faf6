-- wrk script of the PrivacyKit load harness (LoadHarness --driver=wrk): every request names one of the
-- harness's visitors in X-Forwarded-For and sends that visitor's Cookie header, if any (every other
-- visitor carries a valid consent cookie). The harness writes the visitors to a file, one a line:
-- "address<TAB>cookie header", and passes its path after "--":
--   wrk -t2 -c8 -d8s --latency -s benchmarks/wrk/visitors.lua http://127.0.0.1:PORT/ -- visitors.tsv

local threads = 0

-- Runs once per wrk thread, in the main Lua state: give each thread its own starting visitor.
function setup(thread)
  thread:set("thread_index", threads)
  threads = threads + 1
end

local visitors = {}
local next_visitor = 0

function init(args)
  local file = args[1]
  if file == nil then
    error("usage: wrk ... -s visitors.lua URL -- VISITORS_FILE")
  end
  for line in io.lines(file) do
    local address, cookie = line:match("^([^\t]+)\t(.*)$")
    if address ~= nil then
      visitors[#visitors + 1] = { address, cookie }
    end
  end
  if #visitors == 0 then
    error("no visitors in " .. file)
  end
  -- Threads start far apart, so that they do not send the same visitors at the same time.
  next_visitor = ((thread_index or 0) * 5003) % #visitors
end

function request()
  local visitor = visitors[next_visitor + 1]
  next_visitor = (next_visitor + 1) % #visitors
  local headers = { ["X-Forwarded-For"] = visitor[1] }
  if visitor[2] ~= "" then
    headers["Cookie"] = visitor[2]
  end
  return wrk.format(nil, nil, headers)
end
