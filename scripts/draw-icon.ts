/**
 * Draws the app icon, assets/icon.png (512×512 RGBA): a white shield with a green first-aid cross
 * on a blue rounded square. No image library and no download: shapes are sampled 4×4 per pixel for
 * anti-aliasing and written as a PNG with node:zlib.
 *
 * Run: `npx tsx scripts/draw-icon.ts` (the output is committed; rerun only to change the design).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4;

type Rgb = readonly [number, number, number];
const BLUE: Rgb = [0x1f, 0x5f, 0xae];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const GREEN: Rgb = [0x2e, 0x9e, 0x5b];

function insideRoundedSquare(x: number, y: number): boolean {
  const margin = 0.04;
  const radius = 0.18;
  const lo = margin + radius;
  const hi = 1 - margin - radius;
  const cx = Math.min(Math.max(x, lo), hi);
  const cy = Math.min(Math.max(y, lo), hi);
  return (
    (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2 &&
    x >= margin &&
    x <= 1 - margin &&
    y >= margin &&
    y <= 1 - margin
  );
}

/** Half-width of the shield at height y (0 = top of the canvas), or -1 outside it. */
function shieldHalfWidth(y: number): number {
  const top = 0.15;
  const shoulder = 0.5;
  const tip = 0.88;
  if (y < top || y > tip) return -1;
  if (y <= shoulder) return 0.3;
  const t = (y - shoulder) / (tip - shoulder);
  return 0.3 * (1 - t ** 1.7) ** 0.8;
}

function insideShield(x: number, y: number): boolean {
  // The top edge dips slightly towards the middle, like a heraldic shield.
  const dip = 0.025 * Math.cos(((x - 0.5) / 0.3) * (Math.PI / 2));
  if (y < 0.15 + dip) return false;
  const w = shieldHalfWidth(y);
  return w >= 0 && Math.abs(x - 0.5) <= w;
}

function insideCross(x: number, y: number): boolean {
  const cx = 0.5;
  const cy = 0.47;
  const arm = 0.16;
  const half = 0.055;
  const dx = Math.abs(x - cx);
  const dy = Math.abs(y - cy);
  return (dx <= half && dy <= arm) || (dy <= half && dx <= arm);
}

/** Colour and coverage of one sample point. */
function sample(x: number, y: number): [Rgb, number] | null {
  if (insideCross(x, y)) return [GREEN, 1];
  if (insideShield(x, y)) return [WHITE, 1];
  if (insideRoundedSquare(x, y)) return [BLUE, 1];
  return null;
}

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** Renders the icon and returns the PNG bytes. */
export function drawIcon(): Buffer {
  const rows: Buffer[] = [];
  for (let py = 0; py < SIZE; py++) {
    const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0 (None) + RGBA
    for (let px = 0; px < SIZE; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const hit = sample(
            (px + (sx + 0.5) / SAMPLES) / SIZE,
            (py + (sy + 0.5) / SAMPLES) / SIZE,
          );
          if (!hit) continue;
          r += hit[0][0];
          g += hit[0][1];
          b += hit[0][2];
          a += hit[1];
        }
      }
      const o = 1 + px * 4;
      if (a > 0) {
        row[o] = Math.round(r / a);
        row[o + 1] = Math.round(g / a);
        row[o + 2] = Math.round(b / a);
        row[o + 3] = Math.round((255 * a) / (SAMPLES * SAMPLES));
      }
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = fileURLToPath(new URL('../assets/icon.png', import.meta.url));
  writeFileSync(out, drawIcon());
  process.stdout.write(`wrote ${out}\n`);
}
