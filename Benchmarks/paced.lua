-- wrk script: each connection waits 2 ms before each request, so every server gets the
-- same offered load (about 64 x 1/(2 ms + latency)) and p99 latencies compare fairly.
function delay() return 2 end
