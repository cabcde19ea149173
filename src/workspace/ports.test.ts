import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PortLeases } from './ports.js';

describe('port leases', () => {
  it('hands out free ports, never one that is leased now', async () => {
    const leases = new PortLeases();
    const ports = await Promise.all(Array.from({ length: 20 }, () => leases.lease()));
    expect(new Set(ports).size).toBe(20);
    expect(leases.leased()).toHaveLength(20);
    for (const port of ports) expect(port).toBeGreaterThan(0);
  });

  it('hands out a port that can be listened on', async () => {
    const port = await new PortLeases().lease();
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });

  it('forgets a released port', async () => {
    const leases = new PortLeases();
    const port = await leases.lease();
    leases.release(port);
    leases.release(port);
    expect(leases.leased()).toEqual([]);
  });
});
