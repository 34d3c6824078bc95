import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Lease } from './run-codec.js';

/** An owner id that says where the driver lives: `<host>/<pid>/<random>`. */
export function newOwnerId(): string {
  return `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether a lease still protects its run from adoption: it has not expired and, when its owner ran on
 * this host, that process is still alive (so a restart after kill -9 need not wait out the lease).
 */
export function leaseHeld(lease: Lease | undefined, self: string, now: Date): boolean {
  if (!lease || lease.owner === self) return false;
  if (Date.parse(lease.expiresAt) <= now.getTime()) return false;
  const [host, pid] = lease.owner.split('/');
  if (host === hostname() && pid !== undefined && /^\d+$/.test(pid) && Number(pid) !== process.pid) return processAlive(Number(pid));
  return true;
}
