#!/bin/bash
# A/B: two bare servers (before/after), alternate wrk POST no-op mutation runs, CPU from /proc.
N=/work/main/node_modules/.pnpm/node@24.21.0/node_modules/node/bin/node
cd /work/main/bench
PORT=9401 $N dist/bare-before.js > /tmp/me/a.log & A=$!
PORT=9402 $N dist/bare-after.js > /tmp/me/b.log & B=$!
sleep 1.5
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
cat > /tmp/me/post.lua <<'L'
wrk.method = "POST"
wrk.body = '{"json":{"concertId":"00000000-0000-4000-8000-000000000000"}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer x"
L
for round in 1 2 3 4 5 6; do
  for side in A B C; do
    if [ $side = A ]; then P=$A; PORT=9401; U=noop.mutation; elif [ $side = B ]; then P=$B; PORT=9402; U=noop.mutation; else P=$B; PORT=9402; U=bare.x; fi
    c0=$(cpu $P)
    out=$(wrk -t1 -c16 -d3s -s /tmp/me/post.lua http://127.0.0.1:$PORT/trpc/$U 2>&1)
    c1=$(cpu $P)
    reqs=$(echo "$out" | awk '/requests in/{print $1}')
    echo "$side $reqs $((c1-c0))" 
  done
done | awk '{r[$1]+=$2; c[$1]+=$3; print} END {for (s in r) printf "%s total %d reqs, %d ticks, %.0f req per CPU-s\n", s, r[s], c[s], r[s]/(c[s]/100)}'
kill $A $B
