#!/usr/bin/env node
// Makes sure the programs the test suite starts or calls are installed: Mosquitto (+ clients and
// mosquitto_passwd), NATS server, protoc, openssl, and Chromium (the report tests open report.html
// in headless /usr/bin/chromium through playwright-core, which downloads no browser of its own).
// Run by `npm test` before vitest.
//
// Quiet and quick when everything is there. Otherwise, as root on Debian/Ubuntu, it installs the
// missing packages with apt-get (output streamed); anywhere else it prints how to install them
// and exits 1. Installing never leaves a broker service running: Debian's mosquitto package would
// start one on port 1883, so service starts are denied (policy-rc.d) during the install and any
// service that started anyway is stopped. Tests always use their own free ports regardless.

import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** program → Debian package that provides it */
const NEEDED = {
  mosquitto: 'mosquitto',
  mosquitto_passwd: 'mosquitto',
  mosquitto_pub: 'mosquitto-clients',
  mosquitto_sub: 'mosquitto-clients',
  'nats-server': 'nats-server',
  protoc: 'protobuf-compiler',
  openssl: 'openssl',
  chromium: 'chromium',
};

// Debian installs daemons in sbin, which is not on every PATH (same list as sim/transports/managed-process.ts).
const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/sbin', '/opt/homebrew/bin', '/opt/homebrew/sbin', '/usr/local/bin'];

function find(name) {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return path.join(dir, name);
    } catch {
      // keep looking
    }
  }
  return undefined;
}

function missingPrograms() {
  return Object.keys(NEEDED).filter((name) => find(name) === undefined);
}

function run(cmd, args, env = {}) {
  console.error(`ensure-brokers: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function printHowTo(missing) {
  const packages = [...new Set(missing.map((m) => NEEDED[m]))];
  console.error(
    [
      `ensure-brokers: missing ${missing.join(', ')}. The tests start real brokers and open reports in Chromium, and need them installed.`,
      '  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y ' + packages.join(' '),
      '                 (then `sudo systemctl disable --now mosquitto` if a mosquitto service started)',
      '  macOS:         brew install mosquitto nats-server protobuf openssl; brew install --cask chromium',
      '  Other systems: https://mosquitto.org/download/  https://github.com/nats-io/nats-server/releases',
      '                 https://github.com/protocolbuffers/protobuf/releases',
    ].join('\n'),
  );
}

async function main() {
  const missing = missingPrograms();
  if (missing.length === 0) return 0;

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = find('apt-get');
  if (!isRoot || !apt || process.platform !== 'linux') {
    printHowTo(missing);
    return 1;
  }

  const packages = [...new Set(missing.map((m) => NEEDED[m]))];
  console.error(`ensure-brokers: installing ${packages.join(' ')} (missing: ${missing.join(', ')})`);
  const wasListening = await portOpen(1883);

  // policy-rc.d exiting 101 tells invoke-rc.d / deb-systemd-invoke not to start services.
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !existsSync(policy);
  if (ownPolicy) writeFileSync(policy, '#!/bin/sh\n# written by gridtwin scripts/ensure-brokers.mjs\nexit 101\n', { mode: 0o755 });
  let ok;
  try {
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    ok = run(apt, ['update'], env) && run(apt, ['install', '-y', '--no-install-recommends', ...packages], env);
  } finally {
    if (ownPolicy) rmSync(policy, { force: true });
  }
  if (!ok) {
    console.error('ensure-brokers: apt-get failed (see above).');
    printHowTo(missing);
    return 1;
  }

  // Belt and braces: if a mosquitto service came up anyway, stop and disable it.
  if (!wasListening && (await portOpen(1883))) {
    console.error('ensure-brokers: something now listens on 127.0.0.1:1883 (the mosquitto service?); stopping it');
    if (find('systemctl')) run('systemctl', ['disable', '--now', 'mosquitto']);
    if (find('service')) run('service', ['mosquitto', 'stop']);
    if (await portOpen(1883)) console.error('ensure-brokers: warning: port 1883 is still in use (tests use their own ports)');
  }

  const still = missingPrograms();
  if (still.length > 0) {
    console.error(`ensure-brokers: still missing after install: ${still.join(', ')}`);
    printHowTo(still);
    return 1;
  }
  console.error('ensure-brokers: done');
  return 0;
}

process.exitCode = await main();
