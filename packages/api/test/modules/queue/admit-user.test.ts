import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admitUser, createTestApp, makeConcert, makeUser, type TestApp } from '../../support/index.js';

describe.each([
  { engine: 'redis', redis: true },
  { engine: 'in-process', redis: false },
])('admitUser ($engine)', ({ redis }) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ redis });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('returns an ACTIVE token owned by the user, for the concert, and is idempotent', async () => {
    const concert = await makeConcert(app.deps);
    const user = await makeUser(app.deps);
    const token = await admitUser(app, user, concert.concertId);
    expect(await app.deps.queue.inspect(token, app.deps.clock.now())).toMatchObject({
      status: 'ACTIVE',
      userId: user.id,
      concertId: concert.concertId,
    });
    expect(await admitUser(app, user, concert.concertId)).toBe(token);
  });
});
