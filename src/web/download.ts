// Downloads sent while they are made (CSV, XLSX, PDF): the attachment headers, writes that wait while
// the client reads more slowly than the server writes, a turn for other requests between chunks, and
// what happens when something fails half-way. No Content-Length: the body goes out chunked.
import type { Response } from 'express';
import type { Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';

export interface Attachment {
  /** the Content-Type */
  type: string;
  /** plain ASCII chosen by the code, never user input; anything else becomes '_' */
  filename: string;
  cacheControl: 'no-store' | 'private, no-store';
}

const ATTACHMENT_HEADERS = ['Content-Type', 'Content-Disposition', 'Cache-Control'] as const;

/** The client went away (or the response was ended): nothing more can be written. */
export function gone(out: Writable): boolean {
  return out.destroyed || out.writableEnded;
}

/** Resolves when `out` has taken in what it holds ('drain') or has closed, whichever comes first. */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

/** Resolves when `out` has finished or closed (a client that goes away closes it without finishing). */
export function settled(out: Writable): Promise<void> {
  if (out.writableFinished || out.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    out.once('finish', () => resolve());
    out.once('close', () => resolve());
  });
}

/** Lets other requests run, then waits while `out` holds more than it should; false when the client has gone. */
export async function breathe(out: Writable): Promise<boolean> {
  await nextTurn();
  if (!gone(out) && out.writableNeedDrain) await drained(out);
  return !gone(out);
}

/** Writes one chunk, waiting for 'drain' when `out` says it is full; false when the client has gone. */
export async function writeChunk(out: Writable, chunk: string | Buffer): Promise<boolean> {
  if (gone(out)) return false;
  if (!out.write(chunk)) await drained(out);
  return !gone(out);
}

/**
 * Sends a download that `write` writes into the response (and ends). An error before the first byte
 * left becomes the usual error page: the attachment headers are taken back. After it the status is
 * gone, so the response is destroyed (the client sees a failed download, never a short file that looks
 * whole) and the error goes on to the error handler, which logs it.
 */
export async function download(res: Response, a: Attachment, write: () => Promise<void>): Promise<void> {
  res.status(200).set({
    'Content-Type': a.type,
    'Content-Disposition': `attachment; filename="${a.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    'Cache-Control': a.cacheControl,
  });
  try {
    await write();
  } catch (err) {
    if (res.headersSent) res.destroy();
    else for (const h of ATTACHMENT_HEADERS) res.removeHeader(h);
    throw err;
  }
}

/** Bytes made elsewhere (a file a worker thread wrote) sent as a download, 64 KB a write. */
export async function sendBytes(res: Response, a: Attachment, bytes: Uint8Array): Promise<void> {
  await download(res, a, async () => {
    for (let at = 0; at < bytes.length; at += 65_536) if (!(await writeChunk(res, Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(65_536, bytes.length - at))))) return;
    res.end();
  });
}
