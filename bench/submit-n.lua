-- wrk script: exactly JOBS trivial single-job POSTs (the thread stops after that many responses)
wrk.method = "POST"
wrk.body   = '{"type":"sleep","input":{"duration":"0s"}}'
wrk.headers["Content-Type"] = "application/json"
local limit = tonumber(os.getenv("JOBS") or "100000")
local responses = 0
function response(status, headers, body)
    responses = responses + 1
    if responses >= limit then
        wrk.thread:stop()
    end
end
