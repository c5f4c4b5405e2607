// A/B: the same 5-level tRPC procedure (like queue.join's) called through tRPC's core, unpatched vs patched.
const [dir] = process.argv.slice(2);
const { initTRPC } = await import(`${dir}/dist/index.mjs`);
const t = initTRPC.context().create();
const errors = t.middleware(async ({ next }) => next());
const authed = t.middleware(({ ctx, next }) => next({ ctx: { user: ctx.user } }));
const limit = t.middleware(async ({ next }) => next());
const proc = t.procedure.use(errors).use(authed).use(limit)
  .input((v) => v).mutation(({ ctx, input }) => ({ ok: ctx.user.id, input }));
const router = t.router({ join: proc });
const caller = t.createCallerFactory(router);
const ctx = () => ({ deps: {}, user: { id: 'u' }, sessionRejected: false, queueToken: null, clientAddress: '127.0.0.1', streamUser: null, requestId: 'x' });
const N = 200_000;
for (let i = 0; i < 20_000; i++) await caller(ctx()).join({ concertId: 'c' });
const t0 = process.cpuUsage();
for (let i = 0; i < N; i++) await caller(ctx()).join({ concertId: 'c' });
const d = process.cpuUsage(t0);
console.log(`${dir.includes('patch_hash') ? 'patched  ' : 'unpatched'} ${(((d.user + d.system) / N)).toFixed(2)} µs CPU per call`);
