/**
 * The listening socket the supervisor hands over (http/listening-socket.ts): a server process
 * held busy while new connections pile up accepts them all in the next event-loop turn, instead of
 * one per turn as Node does with a single listening descriptor.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { handOverListeningSocket, LISTEN_COPIES } from '../src/http/listening-socket.js';

const dir = mkdtempSync(join(tmpdir(), 'collecte-listen-'));
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One request on a new connection of its own; resolves with the answer's body. */
function getOnNewConnection(port: number, path: string, connected: () => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      connected();
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    const parts: Buffer[] = [];
    socket.on('data', (c: Buffer) => parts.push(c));
    socket.on('end', () => resolve(Buffer.concat(parts).toString('utf8').split('\r\n\r\n')[1] ?? ''));
    socket.on('error', reject);
  });
}

describe('the listening socket handed over by the supervisor', () => {
  it('lets a server held busy accept every connection that waited, in one event-loop turn', async () => {
    child = fork('server/test/fixtures/listening-socket-child.ts', [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ready = new Promise<void>((resolve, reject) => {
      child!.on('message', (m: { type: string; message?: string }) => {
        if (m.type === 'ready') resolve();
        if (m.type === 'failed') reject(new Error(m.message));
      });
      child!.on('exit', (code) => reject(new Error(`the server process exited (${code})`)));
    });
    const port = await new Promise<number>((resolve, reject) => {
      child!.on('message', (m: { type: string }) => {
        if (m.type === 'listen') handOverListeningSocket(child!, 0, '127.0.0.1').then(resolve, reject);
      });
    });
    await ready;

    // hold the server's event loop, as a long turn of requests does
    const release = join(dir, 'release');
    const held = getOnNewConnection(port, `/hold?until=${encodeURIComponent(release)}`, () => {});
    while (!existsSync(`${release}.held`)) await sleep(10);

    // a burst of new connections meanwhile: the system completes their handshakes and queues them
    const burst = LISTEN_COPIES - 4;
    let connected = 0;
    const turns = Array.from({ length: burst }, () => getOnNewConnection(port, '/turn', () => connected++));
    while (connected < burst) await sleep(10);
    writeFileSync(release, '');

    expect(await held).toBe('released');
    const acceptedIn = (await Promise.all(turns)).map(Number);
    expect(acceptedIn.every((t) => Number.isInteger(t))).toBe(true);
    // with one listening descriptor these would be `burst` different turns
    expect(new Set(acceptedIn).size).toBe(1);
  });
});
