// An answer of the API serialised once: its bytes and a strong validator (the ETag) hashed from them, so
// a client that holds the same bytes gets a 304 and an answer kept in memory is never serialised twice.
import { createHash } from 'node:crypto';

export interface PageInfo {
  page: number;
  pages: number;
  total: number;
  perPage: number;
}

export class JsonBody {
  constructor(
    readonly bytes: Buffer,
    /** a strong entity tag, quoted */
    readonly etag: string,
    /** the page answered, for the Link and X-Total-Count headers of a paged list */
    readonly page?: PageInfo,
  ) {}
}

export function jsonBody(value: unknown, page?: PageInfo): JsonBody {
  const bytes = Buffer.from(JSON.stringify(value));
  return new JsonBody(bytes, `"${createHash('sha1').update(bytes).digest('base64url')}"`, page);
}
