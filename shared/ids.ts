/**
 * UUIDv7 (RFC 9562): 48-bit Unix milliseconds then random bits, so ids born offline on any PC
 * sort by creation time and never collide. Monotonic within one process even inside one millisecond.
 */
let lastMs = 0;
let lastSeq = 0;

const hexByte = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

// Random bytes drawn 4 KiB at a time and read in place: one getRandomValues call, or one copy, per id
// made 100,000-row imports slow.
const pool = new Uint8Array(4096);
let poolOffset = pool.length;
const bytes = new Uint8Array(16);

export function uuidv7(now: number = Date.now()): string {
  if (poolOffset + 16 > pool.length) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  bytes.set(pool.subarray(poolOffset, poolOffset + 16));
  poolOffset += 16;
  if (now <= lastMs) {
    lastSeq = (lastSeq + 1) & 0xfff;
    if (lastSeq === 0) lastMs += 1;
  } else {
    lastMs = now;
    lastSeq = ((bytes[6] ?? 0) << 4) & 0x7ff;
  }
  const ms = lastMs;
  bytes[0] = Math.floor(ms / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(ms / 2 ** 32) & 0xff;
  bytes[2] = (ms >>> 24) & 0xff;
  bytes[3] = (ms >>> 16) & 0xff;
  bytes[4] = (ms >>> 8) & 0xff;
  bytes[5] = ms & 0xff;
  bytes[6] = 0x70 | ((lastSeq >>> 8) & 0x0f);
  bytes[7] = lastSeq & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  let hex = '';
  for (let i = 0; i < 16; i += 1) {
    hex += hexByte[bytes[i] as number];
    if (i === 3 || i === 5 || i === 7 || i === 9) hex += '-';
  }
  return hex;
}

export const uuidv7Pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
