import { constants, crc32, deflateRawSync } from "node:zlib";

/**
 * gzip for a cached page whose nonce changes on every hit, without compressing the page again.
 * The parts between the nonces are deflated once, each ending on a byte boundary (a sync flush,
 * not final) and referring only to its own bytes; a hit puts the fresh nonce between them as
 * stored (uncompressed) deflate blocks and ends the stream with an empty final block. Deflate
 * allows any sequence of blocks (RFC 1951, 3.2.3-3.2.4), so the result is one valid gzip member
 * (RFC 1952) whose CRC-32 is taken over the page as sent. A hit then costs a CRC and a copy.
 */
export type GzipParts = { parts: Buffer[]; holeLength: number };

/** Deflates `body` around holes of `holeLength` bytes at the sorted offsets `at`. */
export function deflateAroundHoles(body: Buffer, at: number[], holeLength: number): GzipParts {
  const parts: Buffer[] = [];
  let from = 0;
  for (const end of [...at, body.length]) {
    parts.push(deflateRawSync(body.subarray(from, end), { finishFlush: constants.Z_SYNC_FLUSH }));
    from = end + holeLength;
  }
  return { parts, holeLength };
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
const FINAL_EMPTY_BLOCK = Buffer.from([1, 0, 0, 0xff, 0xff]);

/**
 * The gzip member of `body` (the page as sent, holes filled with `fill`), from parts made by
 * deflateAroundHoles for the same layout.
 */
export function gzipWithHoles({ parts, holeLength }: GzipParts, fill: Buffer, body: Buffer): Buffer {
  if (fill.length !== holeLength || holeLength > 0xffff)
    throw new Error("the fill must be the hole's length");
  const stored = Buffer.from([
    0,
    holeLength & 0xff,
    holeLength >> 8,
    ~holeLength & 0xff,
    (~holeLength >> 8) & 0xff,
  ]);
  const pieces: Buffer[] = [GZIP_HEADER];
  parts.forEach((p, i) => {
    pieces.push(p);
    if (i < parts.length - 1) pieces.push(stored, fill);
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(body) >>> 0, 0);
  trailer.writeUInt32LE(body.length % 2 ** 32, 4);
  pieces.push(FINAL_EMPTY_BLOCK, trailer);
  return Buffer.concat(pieces);
}
