/**
 * A load balancer in front of server processes, as small as a test needs: each new TCP connection goes to the first
 * server in the list that accepts it, so every client starts on the first server and carries on through the next
 * one once the first stops accepting (killed, or draining after SIGTERM). Connections already open stay where they
 * are, as behind a real TCP balancer.
 */
import net from 'node:net';

export interface FailoverProxy {
  url: string;
  close(): Promise<void>;
}

export async function startFailoverProxy(targets: string[]): Promise<FailoverProxy> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const connectTo = (index: number, client: net.Socket) => {
    const target = targets[index];
    if (!target) return void client.destroy();
    const { hostname, port } = new URL(target);
    const upstream = net.connect({ host: hostname, port: Number(port) });
    track(upstream);
    const refused = () => connectTo(index + 1, client);
    upstream.once('error', refused);
    upstream.once('connect', () => {
      upstream.off('error', refused);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
      client.once('close', () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  };
  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    track(client);
    connectTo(0, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
