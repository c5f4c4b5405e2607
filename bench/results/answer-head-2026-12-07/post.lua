wrk.method = "POST"
wrk.body = '{"json":{"concertId":"00000000-0000-4000-8000-000000000000"}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer x"
