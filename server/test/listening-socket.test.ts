/**
 * The listening socket the supervisor hands over (http/listening-socket.ts): a server process
 * held busy while new connections pile up accepts them all in the next event-loop turn, instead of
 * one per turn as Node does with a single listening descriptor; a connection the supervisor
 * accepted itself during the hand-over is served too.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, Server as NetServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { handOverListeningSocket, LISTEN_COPIES, type HandleChannel, type ListenReply } from '../src/http/listening-socket.js';

const dir = mkdtempSync(join(tmpdir(), 'collecte-listen-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
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

/** Forks the test server process; resolves once it asked for the listening socket (the supervisor's side is up to `answer`). */
function startServerProcess(answer: (child: ChildProcess) => Promise<number>): { port: Promise<number>; ready: Promise<void> } {
  const child = fork('server/test/fixtures/listening-socket-child.ts', [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (m: { type: string; message?: string }) => {
      if (m.type === 'ready') resolve();
      if (m.type === 'failed') reject(new Error(m.message));
    });
    child.on('exit', (code) => reject(new Error(`the server process exited (${code})`)));
  });
  const port = new Promise<number>((resolve, reject) => {
    child.on('message', (m: { type: string }) => {
      if (m.type === 'listen') answer(child).then(resolve, reject);
    });
  });
  return { port, ready };
}

describe('the listening socket handed over by the supervisor', () => {
  it('lets a server held busy accept every connection that waited, in one event-loop turn', async () => {
    const started = startServerProcess((child) => handOverListeningSocket(child, 0, '127.0.0.1'));
    const port = await started.port;
    await started.ready;

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

  it('passes on whole a connection the supervisor accepted before the server process had the socket', async () => {
    let port = 0;
    let connected = (): void => {};
    const supervisorAccepted = new Promise<void>((resolve) => (connected = resolve));
    const copiesHeld: (() => void)[] = [];
    const started = startServerProcess((child) =>
      handOverListeningSocket(
        {
          // holds the descriptors back until the supervisor has accepted and passed on one connection
          send: (message: ListenReply, handle?: NetServer | Socket, callback?: (error: Error | null) => void): boolean => {
            if (message.type === 'connection') {
              const sent = child.send(message, handle, callback);
              connected();
              return sent;
            }
            if (handle instanceof NetServer) port = (handle.address() as AddressInfo).port;
            copiesHeld.push(() => child.send(message, handle, callback));
            return true;
          },
        } satisfies HandleChannel,
        0,
        '127.0.0.1',
      ),
    );
    while (copiesHeld.length < LISTEN_COPIES) await sleep(10);
    const answer = getOnNewConnection(port, '/turn', () => {});
    await supervisorAccepted;
    for (const send of copiesHeld) send();
    expect(await started.port).toBe(port);
    await started.ready;
    expect(Number.isInteger(Number(await answer))).toBe(true);
  });
});
