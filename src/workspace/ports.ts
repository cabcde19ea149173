/**
 * TCP ports for agents that start servers (`{{port}}` in their env), so that parallel attempts of a web app do
 * not fight over port 3000.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { PortUnavailableError } from '../errors.js';

/** How many ports the OS may offer that are already leased before giving up (it offers fresh ones in practice). */
const MAX_TRIES = 100;

/**
 * The ports leased to running attempts. A port is found free by binding it (port 0: the OS picks one) and
 * closing it again; between that and the attempt's own bind another program could take it, which no scheme
 * short of passing the open socket avoids. What this object does guarantee is that two current leases never
 * share a port, even when the OS offers the same free port twice because the first attempt has not bound it yet.
 */
export class PortLeases {
  private readonly held = new Set<number>();

  /** A free port on 127.0.0.1 that no current lease holds; {@link release} it when the attempt ends. */
  async lease(): Promise<number> {
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      const port = await freePort();
      if (this.held.has(port)) continue;
      this.held.add(port);
      return port;
    }
    throw new PortUnavailableError(MAX_TRIES);
  }

  /** Returns a port to the pool. Releasing a port not leased does nothing. */
  release(port: number): void {
    this.held.delete(port);
  }

  /** The ports leased now, in the order they were leased. */
  leased(): readonly number[] {
    return [...this.held];
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
