// The trend chart of an official's monthly mail (open and overdue hazards over twelve months), drawn as a PNG in
// plain JavaScript: mail clients show a cid: image where they would not run a script or load a remote chart. The
// title and legend are HTML around the image, so the PNG carries only numbers, and a font of digits, '-' and '.'
// built in here is all it needs. The same input always gives the same bytes (no clock, no randomness, no fonts of
// the machine), so a mail can be rebuilt and compared.
import { encodeRgbPng } from "#tabular/png";

export interface TrendSeries {
  readonly name: string;
  /** "#rrggbb". */
  readonly color: string;
  /** One per label; null where the month has no figure (the line breaks there). */
  readonly values: readonly (number | null)[];
}

export interface TrendChartInput {
  /** The x axis, e.g. "2025-12" … "2026-11"; "YYYY-MM" labels are shortened to the month. */
  readonly labels: readonly string[];
  readonly series: readonly TrendSeries[];
  /** In CSS pixels, 120..2000; default 640. */
  readonly width?: number;
  /** In CSS pixels, 120..2000; default 280. */
  readonly height?: number;
  /** Device pixels per CSS pixel; default 2, so the chart stays sharp on the high-density screens mail is read on. */
  readonly scale?: 1 | 2;
}

export interface TrendPoint {
  readonly x: number;
  readonly y: number;
}

/** Where the chart puts things, in device pixels (CSS pixels × scale); a point (x, y) lies in pixel (⌊x⌋, ⌊y⌋). */
export interface TrendChartLayout {
  readonly width: number;
  readonly height: number;
  readonly scale: 1 | 2;
  readonly plot: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  /** Bottom to top; each grid line is `scale` rows thick, from row `row`. */
  readonly ticks: readonly { readonly value: number; readonly label: string; readonly row: number }[];
  /** The x labels drawn (all of them when there is room, else every other or sparser), centred on `x`. */
  readonly xLabels: readonly { readonly index: number; readonly text: string; readonly x: number }[];
  /** Per series, per label: the centre of its dot, or null for a missing value. */
  readonly points: readonly (readonly (TrendPoint | null)[])[];
}

const defaultWidth = 640;
const defaultHeight = 280;
const minSide = 120;
const maxSide = 2000;
const maxLabels = 60;

// Measures below are in CSS pixels and multiplied by the scale.
const marginTop = 10;
const marginRight = 14;
const marginBottom = 22;
const marginLeftOuter = 4;
const tickLabelGap = 6;
const xLabelGap = 6;
/** Between the plot's edges and the first and last months, so their dots and labels are not cut. */
const innerPad = 10;
const lineHalfWidth = 1;
const dotRadius = 3;
const glyphHeight = 7;
/** Labels closer than this would touch. */
const minLabelSpace = 6;
/** At most five intervals, so four to six ticks from 0 (see niceTicks). */
const maxIntervals = 5;

type Rgb = readonly [number, number, number];
const background: Rgb = [255, 255, 255];
const gridColour: Rgb = [230, 230, 230];
const axisColour: Rgb = [179, 179, 179];
const textColour: Rgb = [102, 102, 102];

/** 5×7 glyphs ('.' is 2 wide); '#' is ink. Any other character is drawn as a blank of digit width. */
const glyphs: Record<string, readonly string[]> = {
  "0": [".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."],
  "1": ["..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."],
  "2": [".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"],
  "3": ["#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."],
  "4": ["...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."],
  "5": ["#####", "#....", "####.", "....#", "....#", "#...#", ".###."],
  "6": ["..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."],
  "7": ["#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."],
  "8": [".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."],
  "9": [".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."],
  "-": [".....", ".....", ".....", ".###.", ".....", ".....", "....."],
  ".": ["..", "..", "..", "..", "..", "##", "##"],
};
const blankGlyphWidth = 5;

interface Checked {
  readonly labels: readonly string[];
  readonly series: readonly { readonly colour: Rgb; readonly values: readonly (number | null)[] }[];
  readonly width: number;
  readonly height: number;
  readonly scale: 1 | 2;
}

export function trendChartPng(input: TrendChartInput): Uint8Array {
  const checked = check(input);
  const layout = layoutOf(checked);
  const { width, height, scale, plot } = layout;
  const canvas = new Uint8Array(width * height * 3).fill(background[0]);

  for (const tick of layout.ticks) {
    fillRect(canvas, width, height, plot.left, tick.row, plot.right - plot.left, scale, tick.value === 0 ? axisColour : gridColour);
    const textWidth = textWidthOf(tick.label) * scale;
    const top = Math.round(tick.row + scale / 2 - (glyphHeight * scale) / 2);
    drawText(canvas, width, height, tick.label, plot.left - tickLabelGap * scale - textWidth, top, scale);
  }
  for (const label of layout.xLabels) {
    const textWidth = textWidthOf(label.text) * scale;
    const left = Math.min(Math.max(0, Math.round(label.x - textWidth / 2)), width - textWidth);
    drawText(canvas, width, height, label.text, left, plot.bottom + xLabelGap * scale, scale);
  }

  // Each series is drawn into a coverage mask first and laid on the canvas once, so where its segments and dots
  // overlap the anti-aliased edges do not darken twice.
  const coverage = new Uint8Array(width * height);
  checked.series.forEach((series, index) => {
    const points = layout.points[index] ?? [];
    coverage.fill(0);
    const box = { minX: width, minY: height, maxX: -1, maxY: -1 };
    for (let i = 1; i < points.length; i++) {
      const from = points[i - 1];
      const to = points[i];
      if (from && to) stampSegment(coverage, width, height, from, to, lineHalfWidth * scale, box);
    }
    for (const point of points) if (point) stampSegment(coverage, width, height, point, point, dotRadius * scale, box);
    composite(canvas, coverage, width, box, series.colour);
  });

  return encodeRgbPng(width, height, canvas);
}

/** The geometry trendChartPng draws with (same validation), for tests and for anything that maps the image. */
export function trendChartLayout(input: TrendChartInput): TrendChartLayout {
  return layoutOf(check(input));
}

function check(input: TrendChartInput): Checked {
  const { labels, series } = input;
  if (!Array.isArray(labels) || labels.length < 1 || labels.length > maxLabels) {
    throw new RangeError(`trend chart: expected 1 to ${maxLabels} labels, got ${Array.isArray(labels) ? labels.length : "none"}`);
  }
  for (const label of labels) if (typeof label !== "string") throw new RangeError("trend chart: every label must be a string");
  const width = side("width", input.width ?? defaultWidth);
  const height = side("height", input.height ?? defaultHeight);
  const scale = input.scale ?? 2;
  if (scale !== 1 && scale !== 2) throw new RangeError(`trend chart: scale must be 1 or 2, got ${String(scale)}`);
  if (!Array.isArray(series)) throw new RangeError("trend chart: series must be an array");
  const checkedSeries = series.map((one, index) => {
    const name = JSON.stringify(one.name ?? `#${index + 1}`);
    const colour = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(one.color ?? "");
    if (!colour) throw new RangeError(`trend chart: series ${name} needs a colour as "#rrggbb", got ${JSON.stringify(one.color)}`);
    if (!Array.isArray(one.values) || one.values.length !== labels.length) {
      const count = Array.isArray(one.values) ? one.values.length : "no";
      throw new RangeError(`trend chart: series ${name} has ${count} values for ${labels.length} labels; it needs one per label`);
    }
    for (const value of one.values) {
      if (value === null) continue;
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > Number.MAX_SAFE_INTEGER) {
        throw new RangeError(`trend chart: series ${name} has the value ${String(value)}; values are null or counts from 0`);
      }
    }
    const rgb: Rgb = [Number.parseInt(colour[1] ?? "0", 16), Number.parseInt(colour[2] ?? "0", 16), Number.parseInt(colour[3] ?? "0", 16)];
    return { colour: rgb, values: one.values };
  });
  return { labels, series: checkedSeries, width, height, scale };
}

function side(name: string, value: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < minSide || value > maxSide) {
    throw new RangeError(`trend chart: ${name} must be a whole number of pixels from ${minSide} to ${maxSide}, got ${String(value)}`);
  }
  return value;
}

function layoutOf(chart: Checked): TrendChartLayout {
  const { scale: s, labels } = chart;
  const width = chart.width * s;
  const height = chart.height * s;
  let max = 0;
  for (const series of chart.series) for (const value of series.values) if (value !== null && value > max) max = value;
  const { top: topValue, ticks } = niceTicks(max);

  const tickLabelWidth = Math.max(...ticks.map((tick) => textWidthOf(tick.label)));
  const plot = {
    left: (marginLeftOuter + tickLabelWidth + tickLabelGap) * s,
    top: marginTop * s,
    right: Math.max((marginLeftOuter + tickLabelWidth + tickLabelGap + 1) * s, width - marginRight * s),
    bottom: height - marginBottom * s,
  };
  const innerLeft = plot.left + innerPad * s;
  const innerRight = Math.max(innerLeft, plot.right - innerPad * s);
  const n = labels.length;
  const xOf = (index: number) => (n === 1 ? (innerLeft + innerRight) / 2 : innerLeft + (index * (innerRight - innerLeft)) / (n - 1));
  const yOf = (value: number) => plot.bottom - (value / topValue) * (plot.bottom - plot.top);

  return {
    width,
    height,
    scale: s,
    plot,
    ticks: ticks.map((tick) => ({ ...tick, row: Math.round(yOf(tick.value) - s / 2) })),
    xLabels: xLabelsOf(labels, n === 1 ? Number.POSITIVE_INFINITY : (innerRight - innerLeft) / (n - 1) / s).map((label) => ({
      ...label,
      x: xOf(label.index),
    })),
    points: chart.series.map((series) => series.values.map((value, index) => (value === null ? null : { x: xOf(index), y: yOf(value) }))),
  };
}

/**
 * Ticks from 0 in steps of 1, 2 or 5 × 10^k: the smallest such step that reaches the maximum in at most five
 * intervals. The step before it needed more than five, so this one needs at least three: four to six ticks. With
 * nothing above 0 the axis runs 0..1, so an empty or all-zero chart still has a scale.
 */
export function niceTicks(max: number): { top: number; ticks: { value: number; label: string }[] } {
  const span = max > 0 ? max : 1;
  const start = Math.floor(Math.log10(span)) - 2;
  for (let exponent = start; exponent < start + 6; exponent++) {
    for (const mantissa of [1, 2, 5]) {
      const step = mantissa * 10 ** exponent;
      // The tolerance keeps 0.6 / 0.2 = 2.9999999999999996 at three intervals.
      const intervals = Math.max(1, Math.ceil(span / step - 1e-9));
      if (intervals > maxIntervals) continue;
      // Below 1, divide rather than multiply so the values print as 0.2, 0.4… and not 0.6000000000000001.
      const valueAt = (i: number) => (exponent >= 0 ? i * mantissa * 10 ** exponent : (i * mantissa) / 10 ** -exponent);
      const ticks = Array.from({ length: intervals + 1 }, (_, i) => ({ value: valueAt(i), label: String(valueAt(i)) }));
      return { top: valueAt(intervals), ticks };
    }
  }
  throw new RangeError(`trend chart: no scale for the maximum ${max}`);
}

/**
 * "YYYY-MM" shows as "MM"; the first label drawn and the first of each new year show in full when there is room.
 * Every label is drawn if the spacing allows, else every other one, else sparser.
 */
function xLabelsOf(labels: readonly string[], spacing: number): { index: number; text: string }[] {
  const parsed = labels.map((label) => {
    const month = /^(\d{4})-(\d{2})$/.exec(label);
    return month ? { short: month[2] ?? label, full: label, year: month[1] } : { short: label, full: label, year: undefined };
  });
  const widest = Math.max(...parsed.map((label) => textWidthOf(label.short)));
  let stride = 1;
  while (stride < labels.length && widest + minLabelSpace > spacing * stride) stride++;
  const shown: number[] = [];
  for (let index = 0; index < labels.length; index += stride) shown.push(index);

  const widestFull = Math.max(...parsed.map((label) => textWidthOf(label.full)));
  const roomForFull = widestFull / 2 + widest / 2 + minLabelSpace <= spacing * stride;
  return shown.map((index, position) => {
    const label = parsed[index] ?? { short: "", full: "", year: undefined };
    const previous = position > 0 ? parsed[shown[position - 1] ?? 0] : undefined;
    const newYear = label.year !== undefined && (previous === undefined || previous.year !== label.year);
    return { index, text: roomForFull && newYear ? label.full : label.short };
  });
}

/** In CSS pixels: glyph widths and one pixel between glyphs. */
function textWidthOf(text: string): number {
  let total = 0;
  for (const char of text) total += (glyphs[char]?.[0]?.length ?? blankGlyphWidth) + 1;
  return Math.max(0, total - 1);
}

function drawText(canvas: Uint8Array, width: number, height: number, text: string, left: number, top: number, scale: number): void {
  let x = left;
  for (const char of text) {
    const glyph = glyphs[char];
    const glyphWidth = glyph?.[0]?.length ?? blankGlyphWidth;
    glyph?.forEach((row, gy) => {
      for (let gx = 0; gx < row.length; gx++) {
        if (row[gx] === "#") fillRect(canvas, width, height, x + gx * scale, top + gy * scale, scale, scale, textColour);
      }
    });
    x += (glyphWidth + 1) * scale;
  }
}

function fillRect(canvas: Uint8Array, width: number, height: number, x: number, y: number, w: number, h: number, colour: Rgb): void {
  const x0 = Math.max(0, Math.round(x));
  const y0 = Math.max(0, Math.round(y));
  const x1 = Math.min(width, Math.round(x + w));
  const y1 = Math.min(height, Math.round(y + h));
  for (let py = y0; py < y1; py++) {
    for (let px = x0; px < x1; px++) canvas.set(colour, (py * width + px) * 3);
  }
}

interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/**
 * Marks the pixels within `radius` of the segment from `a` to `b` (a dot when a = b), with a one-pixel soft edge:
 * coverage falls from full to none over the half pixel either side of the radius. Keeps the highest coverage.
 */
function stampSegment(coverage: Uint8Array, width: number, height: number, a: TrendPoint, b: TrendPoint, radius: number, box: Box): void {
  const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x) - radius - 1));
  const x1 = Math.min(width - 1, Math.ceil(Math.max(a.x, b.x) + radius + 1));
  const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y) - radius - 1));
  const y1 = Math.min(height - 1, Math.ceil(Math.max(a.y, b.y) + radius + 1));
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSquared = dx * dx + dy * dy;
  for (let py = y0; py <= y1; py++) {
    for (let px = x0; px <= x1; px++) {
      const cx = px + 0.5 - a.x;
      const cy = py + 0.5 - a.y;
      const along = lengthSquared === 0 ? 0 : Math.min(1, Math.max(0, (cx * dx + cy * dy) / lengthSquared));
      const ex = cx - along * dx;
      const ey = cy - along * dy;
      const cover = radius + 0.5 - Math.sqrt(ex * ex + ey * ey);
      if (cover <= 0) continue;
      const value = cover >= 1 ? 255 : Math.round(cover * 255);
      const at = py * width + px;
      if (value > (coverage[at] ?? 0)) coverage[at] = value;
      if (px < box.minX) box.minX = px;
      if (px > box.maxX) box.maxX = px;
      if (py < box.minY) box.minY = py;
      if (py > box.maxY) box.maxY = py;
    }
  }
}

function composite(canvas: Uint8Array, coverage: Uint8Array, width: number, box: Box, colour: Rgb): void {
  for (let py = box.minY; py <= box.maxY; py++) {
    for (let px = box.minX; px <= box.maxX; px++) {
      const alpha = coverage[py * width + px] ?? 0;
      if (alpha === 0) continue;
      const at = (py * width + px) * 3;
      for (let channel = 0; channel < 3; channel++) {
        const under = canvas[at + channel] ?? 0;
        canvas[at + channel] = Math.round(under + (((colour[channel] ?? 0) - under) * alpha) / 255);
      }
    }
  }
}
