// Reads the kernel's TCP_NODELAY flag of this process's own TCP sockets, found by port, so a test
// checks what the kernel does rather than what Node believes it asked for.
//
// Node has no getsockopt(), so the socket's descriptor is handed to a python3 child (python3 is
// on every machine of this project's kind), which calls getsockopt(IPPROTO_TCP, TCP_NODELAY) on its
// duplicate. A duplicate descriptor refers to the same kernel socket, so the flag is the same.
// Sockets are located through /proc/net/tcp (inode by port pair) and /proc/self/fd (fd by inode):
// no reliance on Node or mqtt.js internals. Linux only, like the rest of the test machines.

import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

const PROBE = [
  'import socket',
  's = socket.socket(fileno=3)',
  'print(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))',
  's.detach()',
].join('\n');

/** Descriptors of this process's established TCP sockets whose ports match. */
export function findTcpSockets(match: { localPort?: number; remotePort?: number }): number[] {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '01') continue; // 01 = ESTABLISHED
      const local = parseInt(cols[1].split(':')[1], 16);
      const remote = parseInt(cols[2].split(':')[1], 16);
      if (match.localPort !== undefined && local !== match.localPort) continue;
      if (match.remotePort !== undefined && remote !== match.remotePort) continue;
      inodes.add(cols[9]);
    }
  }
  const fds: number[] = [];
  for (const name of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${name}`);
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) fds.push(Number(name));
    } catch {
      // the descriptor was closed while we looked (e.g. the one readdir itself used)
    }
  }
  return fds;
}

/** The kernel's TCP_NODELAY for descriptor `fd` of this process: true = Nagle is off. */
export function tcpNoDelay(fd: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', PROBE], { stdio: ['ignore', 'pipe', 'pipe', fd] });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`getsockopt probe failed (exit ${code}): ${err}`));
      else resolve(Number(out.trim()) !== 0);
    });
  });
}
