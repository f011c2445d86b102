/**
 * UUIDv7 (RFC 9562): 48-bit Unix milliseconds then random bits, so ids born offline on any PC
 * sort by creation time and never collide. Monotonic within one process even inside one millisecond.
 */
let lastMs = 0;
let lastSeq = 0;

const hexByte = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

// Random bytes drawn 4 KiB at a time: one getRandomValues call per id made 100,000-row imports slow.
const pool = new Uint8Array(4096);
let poolOffset = pool.length;

function randomBytes16(): Uint8Array {
  if (poolOffset + 16 > pool.length) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  poolOffset += 16;
  return pool.slice(poolOffset - 16, poolOffset);
}

export function uuidv7(now: number = Date.now()): string {
  const bytes = randomBytes16();
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
  for (const byte of bytes) hex += hexByte[byte];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const uuidv7Pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
