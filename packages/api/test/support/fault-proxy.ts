/**
 * A TCP proxy in the test process in front of PostgreSQL or Redis, to break the way to it on purpose without
 * touching the shared instances: `blackhole` keeps every connection open but forwards nothing (a silent partition:
 * bytes are held and delivered in order on `pass`), `down` cuts every connection and refuses new ones (a restart
 * or an outage), `pass` forwards again.
 */
import net from 'node:net';

export type FaultMode = 'pass' | 'blackhole' | 'down';

export interface FaultProxy {
  port: number;
  mode(next: FaultMode): void;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  /** Bytes held while black-holed, per direction, delivered in order when the proxy passes again. */
  held: { up: Buffer[]; down: Buffer[] };
}

export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  let current: FaultMode = 'pass';
  const pairs = new Set<Pair>();
  const end = (pair: Pair) => {
    pair.client.destroy();
    pair.upstream.destroy();
    pairs.delete(pair);
  };
  const server = net.createServer((client) => {
    if (current === 'down') return void client.destroy();
    const upstream = net.connect(target);
    const pair: Pair = { client, upstream, held: { up: [], down: [] } };
    pairs.add(pair);
    client.on('data', (data) => (current === 'pass' ? upstream.write(data) : pair.held.up.push(data)));
    upstream.on('data', (data) => (current === 'pass' ? client.write(data) : pair.held.down.push(data)));
    for (const socket of [client, upstream]) {
      socket.on('error', () => end(pair));
      socket.on('close', () => end(pair));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    mode(next) {
      current = next;
      for (const pair of [...pairs]) {
        if (next === 'down') end(pair);
        if (next !== 'pass') continue;
        for (const data of pair.held.up.splice(0)) pair.upstream.write(data);
        for (const data of pair.held.down.splice(0)) pair.client.write(data);
      }
    },
    async close() {
      for (const pair of [...pairs]) end(pair);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
