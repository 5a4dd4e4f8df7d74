-- wrk script: trivial single-job POSTs (sleep 0s), for the end-to-end throughput of the store
wrk.method = "POST"
wrk.body   = '{"type":"sleep","input":{"duration":"0s"}}'
wrk.headers["Content-Type"] = "application/json"
