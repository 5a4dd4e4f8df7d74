-- wrk script: single-job POSTs with keep-alive, the jobs sleeping 100ms each while the load runs
wrk.method = "POST"
wrk.body   = '{"type":"sleep","input":{"duration":"100ms"}}'
wrk.headers["Content-Type"] = "application/json"
