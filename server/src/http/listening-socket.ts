/**
 * The listening socket under the supervisor (main.ts): the supervisor opens it and hands the
 * server process {@link LISTEN_COPIES} descriptors of it, each watched on its own.
 *
 * Why: Node (libuv 1.45 and later) accepts one connection per listening descriptor per event-loop
 * turn, and a turn of a busy server lasts as long as the requests it serves (40-170 ms under
 * ingestion in bench:server). With one descriptor, 50 sensors reconnecting at once were accepted
 * one per turn, the last after 3 s or more, although the system had completed every handshake
 * within milliseconds. With the copies, up to {@link LISTEN_COPIES} waiting connections are accepted
 * per turn. A connection wakes every copy: the ones that find none waiting make one failed `accept`
 * call each (microseconds).
 */
import type { Server as HttpServer } from 'node:http';
import { createServer, Server as NetServer, Socket, type AddressInfo } from 'node:net';

/** Descriptors of the listening socket the server process watches. */
export const LISTEN_COPIES = 64;

/** What the server process sends to the supervisor: ask for the listening socket. */
export type ListenRequest = { type: 'listen' };
/** What the supervisor answers (a handle with the first two). */
export type ListenReply = { type: 'listening-socket'; copies: number } | { type: 'connection' } | { type: 'listen-failed'; message: string };

/** The supervisor's end of the IPC channel to the server process (a cluster worker or a child process). */
export interface HandleChannel {
  send(message: ListenReply, handle?: NetServer | Socket, callback?: (error: Error | null) => void): boolean;
}

/**
 * The supervisor's side: listens on `port` and `host`, sends {@link LISTEN_COPIES} descriptors of
 * that socket to the server process, then closes its own (a descriptor in flight keeps the socket
 * open). A connection the supervisor accepts before that is passed to the server process whole.
 * Resolves with the port (the one the system chose when `port` is 0).
 * @throws when it cannot listen (the address is taken) or the channel closes.
 */
export async function handOverListeningSocket(child: HandleChannel, port: number, host: string): Promise<number> {
  const listener = createServer({ pauseOnConnect: true });
  listener.on('connection', (socket: Socket) => {
    // the server process gone meanwhile: the client sees its connection reset and tries again
    child.send({ type: 'connection' }, socket, (e) => {
      if (e) socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen({ port, host }, () => {
      listener.off('error', reject);
      resolve();
    });
  });
  const bound = (listener.address() as AddressInfo).port;
  try {
    await Promise.all(
      Array.from(
        { length: LISTEN_COPIES },
        () => new Promise<void>((resolve, reject) => child.send({ type: 'listening-socket', copies: LISTEN_COPIES }, listener, (e) => (e ? reject(e) : resolve()))),
      ),
    );
  } finally {
    listener.close();
  }
  return bound;
}

/**
 * The server process's side: asks the supervisor (over `process.send`) for the listening socket;
 * `server` listens on the first descriptor, and the connections the others accept are passed to
 * it, as are the few the supervisor accepted itself meanwhile. Resolves, once every descriptor is
 * here, with what closes the others (the server's own closes with it).
 * @throws when the supervisor cannot listen.
 */
export function listenOnHandedSocket(server: HttpServer): Promise<() => void> {
  if (!process.send) return Promise.reject(new Error('no supervisor to hand the listening socket over (not started with an IPC channel)'));
  const send = process.send.bind(process);
  return new Promise((resolve, reject) => {
    const copies: NetServer[] = [];
    const pass = (socket: Socket): void => void server.emit('connection', socket);
    const onMessage = (m: ListenReply, handle: unknown): void => {
      if (m?.type === 'connection' && handle instanceof Socket) pass(handle);
      else if (m?.type === 'listen-failed') {
        process.off('message', onMessage);
        reject(new Error(m.message));
      } else if (m?.type === 'listening-socket' && handle instanceof NetServer) {
        // Node gives a descriptor received over IPC to a net.Server that already listens: the
        // first becomes the HTTP server's own (server.listen(handle)), the others pass theirs on
        if (copies.length === 0) server.listen(handle);
        else handle.on('connection', pass);
        copies.push(handle);
        if (copies.length === m.copies) resolve(() => copies.slice(1).forEach((c) => c.close()));
      }
    };
    process.on('message', onMessage);
    send({ type: 'listen' } satisfies ListenRequest);
  });
}
