/**
 * Reads a small `multipart/form-data` body (busboy): text fields and at most one file, the file
 * held in memory up to a byte limit (a larger file is reported as too large; its bytes beyond the
 * limit are read and dropped, never kept). Anything unexpected (another file field, too many
 * parts, a field too long) is a problem with its path, never ignored: the caller reports them
 * with its own problems in one envelope.
 */
import busboy from 'busboy';
import type { Request } from 'express';
import type { Issue } from '../../contract/index.js';
import { InvalidInputError } from '../errors.js';

/** What a multipart body held. */
export interface MultipartBody {
  fields: Record<string, string>;
  /** The file of `fileField`, or null when none was sent (an empty file counts as none) or it was too large. */
  file: Uint8Array | null;
  /** Whether the file was larger than the limit (then `file` is null). */
  fileTooLarge: boolean;
  /** Problems of the form itself (unexpected parts, fields too long), each with its path. */
  issues: Issue[];
}

/**
 * Parses the request's multipart body.
 * @throws InvalidInputError when the body is not multipart/form-data or cannot be read at all.
 */
export function readMultipart(req: Request, options: { fileField: string; maxFileBytes: number; maxFields?: number; maxFieldBytes?: number }): Promise<MultipartBody> {
  const maxFields = options.maxFields ?? 10;
  const maxFieldBytes = options.maxFieldBytes ?? 4096;
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: options.maxFileBytes, files: 1, fields: maxFields, fieldSize: maxFieldBytes, parts: maxFields + 1 } });
    } catch {
      req.resume();
      reject(new InvalidInputError([{ path: '', message: 'the body must be multipart/form-data' }], 'the body must be multipart/form-data'));
      return;
    }
    const fields: Record<string, string> = {};
    const chunks: Buffer[] = [];
    const issues: Issue[] = [];
    let tooLarge = false;
    let sawFile = false;
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) issues.push({ path: name, message: `must be at most ${maxFieldBytes} bytes` });
      else fields[name] = value;
    });
    bb.on('file', (name, stream) => {
      if (name !== options.fileField || sawFile) {
        issues.push({ path: name, message: `unexpected file (only one file, in the field '${options.fileField}')` });
        stream.resume();
        return;
      }
      sawFile = true;
      stream.on('data', (chunk: Buffer) => {
        if (!tooLarge) chunks.push(chunk);
      });
      stream.on('limit', () => {
        tooLarge = true;
        chunks.length = 0;
      });
    });
    bb.on('partsLimit', () => issues.push({ path: '', message: 'too many parts in the form' }));
    bb.on('fieldsLimit', () => issues.push({ path: '', message: `too many fields in the form (at most ${maxFields})` }));
    bb.on('filesLimit', () => issues.push({ path: options.fileField, message: 'only one file may be sent' }));
    bb.on('error', (err: unknown) => {
      req.unpipe(bb);
      req.resume();
      reject(new InvalidInputError([{ path: '', message: `the form could not be read (${err instanceof Error ? err.message : String(err)})` }], 'the form could not be read'));
    });
    bb.on('close', () => {
      const bytes = Buffer.concat(chunks);
      resolve({ fields, file: !tooLarge && bytes.length > 0 ? new Uint8Array(bytes) : null, fileTooLarge: tooLarge, issues });
    });
    req.pipe(bb);
  });
}
