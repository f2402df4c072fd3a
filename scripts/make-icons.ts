/**
 * Draws the Teams app icons (the project's own artwork): a speech bubble with
 * a tick, for "ask and be guided". Run with `npx tsx scripts/make-icons.ts`;
 * it rewrites manifest/color.png (192x192, solid background, as Teams asks)
 * and manifest/outline.png (32x32, white on transparent).
 *
 * Shapes are signed-distance functions sampled 4x4 per pixel, so edges are
 * anti-aliased without a drawing library.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

type Rgb = readonly [number, number, number];
/** Distance from a point to the shape's edge: negative inside. */
type Shape = (x: number, y: number) => number;

const NHS_BLUE: Rgb = [0x00, 0x5e, 0xb8];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const SAMPLES = 4;

function roundedRect(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const hx = (x1 - x0) / 2 - r;
  const hy = (y1 - y0) / 2 - r;
  return (x, y) => {
    const qx = Math.abs(x - cx) - hx;
    const qy = Math.abs(y - cy) - hy;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };
}

function triangle(a: readonly [number, number], b: readonly [number, number], c: readonly [number, number]): Shape {
  const edges = [
    [a, b],
    [b, c],
    [c, a],
  ] as const;
  return (x, y) => {
    const d = Math.min(...edges.map(([p, q]) => segmentDistance(x, y, p, q)));
    return inTriangle(x, y, a, b, c) ? -d : d;
  };
}

/** A stroked polyline of the given width (round ends and joins). */
function stroke(points: readonly (readonly [number, number])[], width: number): Shape {
  return (x, y) => {
    let d = Infinity;
    for (let i = 1; i < points.length; i++) d = Math.min(d, segmentDistance(x, y, points[i - 1]!, points[i]!));
    return d - width / 2;
  };
}

const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    Math.min(...shapes.map((s) => s(x, y)));
/** The ring of `shape` that is `width` wide, inside its edge. */
const outline =
  (shape: Shape, width: number): Shape =>
  (x, y) => {
    const d = shape(x, y);
    return Math.max(d, -d - width);
  };

function segmentDistance(x: number, y: number, p: readonly [number, number], q: readonly [number, number]): number {
  const [dx, dy] = [q[0] - p[0], q[1] - p[1]];
  const t = Math.max(0, Math.min(1, ((x - p[0]) * dx + (y - p[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (p[0] + t * dx), y - (p[1] + t * dy));
}

function inTriangle(x: number, y: number, a: readonly [number, number], b: readonly [number, number], c: readonly [number, number]): boolean {
  const side = (p: readonly [number, number], q: readonly [number, number]) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const s = [side(a, b), side(b, c), side(c, a)];
  return s.every((v) => v >= 0) || s.every((v) => v <= 0);
}

/** Share (0 to 1) of the pixel at (px, py) that the shape covers. */
function coverage(shape: Shape, px: number, py: number): number {
  let inside = 0;
  for (let i = 0; i < SAMPLES; i++) {
    for (let j = 0; j < SAMPLES; j++) {
      if (shape(px + (i + 0.5) / SAMPLES, py + (j + 0.5) / SAMPLES) <= 0) inside++;
    }
  }
  return inside / (SAMPLES * SAMPLES);
}

interface Layer {
  readonly shape: Shape;
  readonly colour: Rgb;
}

/** Paints layers in order over `background` (undefined: transparent). */
function paint(size: number, background: Rgb | undefined, layers: readonly Layer[]): PNG {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let [r, g, b] = background ?? [0, 0, 0];
      let a = background ? 1 : 0;
      for (const layer of layers) {
        const c = coverage(layer.shape, x, y);
        if (c === 0) continue;
        const outA = c + a * (1 - c);
        [r, g, b] = [0, 1, 2].map((k) => (layer.colour[k]! * c + [r, g, b][k]! * a * (1 - c)) / outA) as [number, number, number];
        a = outA;
      }
      const i = (y * size + x) * 4;
      png.data[i] = Math.round(r);
      png.data[i + 1] = Math.round(g);
      png.data[i + 2] = Math.round(b);
      png.data[i + 3] = Math.round(a * 255);
    }
  }
  return png;
}

/** The bubble and tick, drawn in a box of side `s` starting at (o, o). */
function bubble(o: number, s: number) {
  const at = (fx: number, fy: number) => [o + fx * s, o + fy * s] as const;
  const body = roundedRect(o, o + 0.04 * s, o + s, o + 0.78 * s, 0.2 * s);
  const tail = triangle(at(0.2, 0.7), at(0.46, 0.7), at(0.16, 0.98));
  const tick = [at(0.27, 0.42), at(0.43, 0.57), at(0.73, 0.26)] as const;
  return { shape: union(body, tail), tick };
}

function colourIcon(): PNG {
  // Teams shows the colour icon's symbol inside a 96x96 area on a solid background.
  const { shape, tick } = bubble(48, 96);
  return paint(192, NHS_BLUE, [
    { shape, colour: WHITE },
    { shape: stroke(tick, 11), colour: NHS_BLUE },
  ]);
}

function outlineIcon(): PNG {
  // The outline icon is white on transparent and fills its 32x32 box.
  const { shape, tick } = bubble(1.5, 29);
  return paint(32, undefined, [
    { shape: outline(shape, 2.2), colour: WHITE },
    { shape: stroke(tick, 2.6), colour: WHITE },
  ]);
}

const out = path.resolve(import.meta.dirname, '..', 'manifest');
fs.writeFileSync(path.join(out, 'color.png'), PNG.sync.write(colourIcon()));
fs.writeFileSync(path.join(out, 'outline.png'), PNG.sync.write(outlineIcon()));
process.stdout.write(`wrote ${path.join(out, 'color.png')} and ${path.join(out, 'outline.png')}\n`);
