-- wrk script: sends the request PIPELINE_DEPTH times back to back per write (HTTP/1.1 pipelining),
-- so the server, not wrk's one core, is what limits throughput.
-- Usage: wrk -s pipeline.lua URL -- 16
local depth

init = function(args)
  depth = tonumber(args[1]) or 16
  local batch = {}
  for i = 1, depth do
    batch[i] = wrk.format()
  end
  pipelined = table.concat(batch)
end

request = function()
  return pipelined
end
