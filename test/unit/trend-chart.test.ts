// The monthly mail's trend chart, read back pixel by pixel: a valid PNG of the size asked for, each series in its
// colour on its data points, a white ground, a line that breaks at a missing month, nice ticks from 0, a chart
// for no data at all, the same bytes for the same input, small enough to mail, and bad input refused.
import { describe, expect, it } from "vitest";
import { niceTicks, type TrendChartInput, type TrendPoint, trendChartLayout, trendChartPng } from "#tabular/trend-chart";
import { type DecodedPng, decodePng } from "#test/support/png";

const months = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `${Math.floor((from + i) / 12)}-${String(((from + i) % 12) + 1).padStart(2, "0")}`);
/** "2025-12" … "2026-11". */
const labels = months(2025 * 12 + 11, 12);

const blue = "#1f77b4";
const red = "#d62728";
const open = [12, 15, 9, 22, 18, 16, 14, 17, 25, 21, 19, 23];
const overdue = [2, 3, 1, 5, 4, 3, 2, 4, 6, 6, 4, 3];
const chart: TrendChartInput = {
  labels,
  series: [
    { name: "open", color: blue, values: open },
    { name: "overdue", color: red, values: overdue },
  ],
};

type Rgb = [number, number, number];
const rgbOf = (hex: string): Rgb => [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)) as Rgb;
const distance = (a: Rgb, b: Rgb) => Math.max(...a.map((value, i) => Math.abs(value - (b[i] ?? 0))));
const white: Rgb = [255, 255, 255];

/** Background, grid, axis and text are all neutral greys; only a series' ink has colour. */
const isNeutral = ([r, g, b]: Rgb) => r === g && g === b;

function pixelsWhere(image: DecodedPng, test: (rgb: Rgb) => boolean, box = { x0: 0, y0: 0, x1: image.width, y1: image.height }): number {
  let count = 0;
  for (let y = Math.max(0, box.y0); y < Math.min(image.height, box.y1); y++) {
    for (let x = Math.max(0, box.x0); x < Math.min(image.width, box.x1); x++) if (test(image.rgb(x, y))) count++;
  }
  return count;
}

const at = (image: DecodedPng, point: TrendPoint | null | undefined): Rgb => {
  if (!point) throw new Error("no point there");
  return image.rgb(Math.floor(point.x), Math.floor(point.y));
};

describe("trend chart PNG", () => {
  it("is a well-formed PNG (signature, CRCs, IHDR … IEND) of width and height times the scale", () => {
    const image = decodePng(trendChartPng(chart));
    expect([image.width, image.height]).toEqual([640 * 2, 280 * 2]);
    expect(image.chunkTypes).toEqual(["IHDR", "IDAT", "IEND"]);

    const small = decodePng(trendChartPng({ ...chart, width: 300, height: 150, scale: 1 }));
    expect([small.width, small.height]).toEqual([300, 150]);
  });

  it("is refused by the test's reader when a byte is changed, so the CRC check above means something", () => {
    const png = trendChartPng(chart);
    const broken = Uint8Array.from(png);
    broken[60] = (broken[60] ?? 0) ^ 0x01; // inside the IDAT data
    expect(() => decodePng(broken)).toThrow(/IDAT: CRC/);
    expect(() => decodePng(png.subarray(0, png.length - 12))).toThrow(/no IEND/);
  });

  it("draws each series in its colour, and a data point's pixel is that colour", () => {
    const png = trendChartPng(chart);
    const image = decodePng(png);
    const layout = trendChartLayout(chart);
    expect(pixelsWhere(image, (rgb) => distance(rgb, rgbOf(blue)) === 0)).toBeGreaterThan(2000);
    expect(pixelsWhere(image, (rgb) => distance(rgb, rgbOf(red)) === 0)).toBeGreaterThan(2000);
    for (const [index, colour] of [blue, red].entries()) {
      const points = layout.points[index] ?? [];
      expect(points).toHaveLength(12);
      for (const point of points) expect(distance(at(image, point), rgbOf(colour))).toBeLessThanOrEqual(8);
    }
  });

  it("puts the months evenly across the plot and the values on the scale of the grid it draws", () => {
    const layout = trendChartLayout(chart);
    const image = decodePng(trendChartPng(chart));
    expect(layout.ticks.map((tick) => tick.value)).toEqual([0, 5, 10, 15, 20, 25]);

    const xs = (layout.points[0] ?? []).map((point) => point?.x ?? Number.NaN);
    const gaps = xs.slice(1).map((x, i) => x - (xs[i] ?? 0));
    for (const gap of gaps) expect(gap).toBeCloseTo(gaps[0] ?? 0, 6);
    expect(Math.min(...xs)).toBeGreaterThan(layout.plot.left);
    expect(Math.max(...xs)).toBeLessThan(layout.plot.right);

    // Each tick's grid line is grey across the plot (sampled right of the last month), with white between lines.
    const gridX = layout.plot.right - 2;
    for (const tick of layout.ticks) {
      const [r] = image.rgb(gridX, tick.row);
      expect(r).toBeLessThan(240);
      expect(image.rgb(gridX, tick.row - 4)).toEqual(white);
    }
    // The open series peaks at 25, the top tick: its dot sits on the top grid line, and 0 would sit on the axis.
    const top = layout.ticks.at(-1)?.row ?? -1;
    const peak = layout.points[0]?.[open.indexOf(25)];
    expect(Math.abs((peak?.y ?? 0) - (top + layout.scale / 2))).toBeLessThanOrEqual(1);
    // Values map linearly between the axis and the top line.
    const axis = (layout.ticks[0]?.row ?? 0) + layout.scale / 2;
    for (const [i, value] of open.entries()) {
      expect(layout.points[0]?.[i]?.y).toBeCloseTo(axis - (value / 25) * (axis - top - layout.scale / 2), 0);
    }
  });

  it("labels the axes with the built-in font: ticks left of the plot, months below it", () => {
    const layout = trendChartLayout(chart);
    const image = decodePng(trendChartPng(chart));
    const ink = (rgb: Rgb) => isNeutral(rgb) && rgb[0] < 160;
    const s = layout.scale;
    for (const tick of layout.ticks) {
      const box = { x0: 0, y0: tick.row - 4 * s, x1: layout.plot.left, y1: tick.row + 5 * s };
      expect(pixelsWhere(image, ink, box)).toBeGreaterThan(10 * s * s);
    }
    expect(layout.xLabels.map((label) => label.text)).toEqual([
      "2025-12",
      "2026-01",
      "02",
      "03",
      "04",
      "05",
      "06",
      "07",
      "08",
      "09",
      "10",
      "11",
    ]);
    for (const label of layout.xLabels) {
      const box = { x0: Math.round(label.x) - 6 * s, y0: layout.plot.bottom, x1: Math.round(label.x) + 6 * s, y1: layout.height };
      expect(pixelsWhere(image, ink, box)).toBeGreaterThan(10 * s * s);
    }
    // Between two month labels there is no ink.
    const [first, second] = [layout.xLabels[2], layout.xLabels[3]];
    const middle = Math.round(((first?.x ?? 0) + (second?.x ?? 0)) / 2);
    expect(pixelsWhere(image, ink, { x0: middle - s, y0: layout.plot.bottom + s, x1: middle + s, y1: layout.height })).toBe(0);
  });

  it("shows every other month when there is no room for all of them", () => {
    const sixty = months(2021 * 12, 60);
    const crowded = trendChartLayout({ labels: sixty, series: [], width: 640 });
    expect(crowded.xLabels.length).toBeLessThanOrEqual(30);
    expect(crowded.xLabels.length).toBeGreaterThanOrEqual(20);
    const indexes = crowded.xLabels.map((label) => label.index);
    const strides = new Set(indexes.slice(1).map((index, i) => index - (indexes[i] ?? 0)));
    expect(strides.size).toBe(1);
    for (const label of crowded.xLabels) expect(label.text).toMatch(/^(\d{4}-)?\d{2}$/);

    const roomy = trendChartLayout({ labels: sixty, series: [], width: 2000 });
    expect(roomy.xLabels.map((label) => label.index)).toEqual(sixty.map((_, i) => i));
    // With room, each new year's first month is written in full.
    expect(roomy.xLabels.filter((label) => label.text.length === 7).map((label) => label.text)).toEqual([
      "2021-01",
      "2022-01",
      "2023-01",
      "2024-01",
      "2025-01",
    ]);
  });

  it("has a white background at the corners", () => {
    const image = decodePng(trendChartPng(chart));
    for (const [x, y] of [
      [0, 0],
      [image.width - 1, 0],
      [0, image.height - 1],
      [image.width - 1, image.height - 1],
    ] as const) {
      expect(image.rgb(x, y)).toEqual(white);
    }
  });

  it("breaks the line at a missing month: no ink between the two months around it", () => {
    const values = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10];
    const gapped = [...values.slice(0, 5), null, ...values.slice(6)];
    const line = (series: (number | null)[]): TrendChartInput => ({ labels, series: [{ name: "open", color: blue, values: series }] });
    const layout = trendChartLayout(line(gapped));
    const s = layout.scale;
    const before = layout.points[0]?.[4];
    const after = layout.points[0]?.[6];
    expect(layout.points[0]?.[5]).toBeNull();
    // Between the dots of months 5 and 7 (radius 3 and a pixel of soft edge), over the whole height.
    const gap = { x0: Math.ceil((before?.x ?? 0) + 5 * s), y0: 0, x1: Math.floor((after?.x ?? 0) - 5 * s), y1: layout.height };
    expect(gap.x1 - gap.x0).toBeGreaterThan(50);

    const coloured = (rgb: Rgb) => !isNeutral(rgb);
    expect(pixelsWhere(decodePng(trendChartPng(line(gapped))), coloured, gap)).toBe(0);
    // The same line without the gap does cross that region, so the count above could have been other than zero.
    expect(pixelsWhere(decodePng(trendChartPng(line(values))), coloured, gap)).toBeGreaterThan(50);
    // And the segments either side of the gap are still drawn.
    const image = decodePng(trendChartPng(line(gapped)));
    const left = layout.points[0]?.[3];
    expect(
      distance(image.rgb(Math.floor(((left?.x ?? 0) + (before?.x ?? 0)) / 2), Math.floor(before?.y ?? 0)), rgbOf(blue)),
    ).toBeLessThanOrEqual(8);
  });

  it("renders a chart with no data: all null, or all zero, on a 0..1 scale", () => {
    const empty: TrendChartInput = {
      labels,
      series: [
        { name: "open", color: blue, values: labels.map(() => null) },
        { name: "overdue", color: red, values: labels.map(() => null) },
      ],
    };
    const image = decodePng(trendChartPng(empty));
    const layout = trendChartLayout(empty);
    expect([image.width, image.height]).toEqual([1280, 560]);
    expect(layout.ticks.map((tick) => tick.label)).toEqual(["0", "0.2", "0.4", "0.6", "0.8", "1"]);
    expect(layout.points.flat().every((point) => point === null)).toBe(true);
    expect(pixelsWhere(image, (rgb) => !isNeutral(rgb))).toBe(0);
    expect(image.rgb(layout.plot.right - 2, layout.ticks[0]?.row ?? 0)).not.toEqual(white);

    const zeros: TrendChartInput = { labels, series: [{ name: "open", color: blue, values: labels.map(() => 0) }] };
    const zeroLayout = trendChartLayout(zeros);
    const zeroImage = decodePng(trendChartPng(zeros));
    expect(zeroLayout.ticks.map((tick) => tick.value)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    const [p3, p4] = [zeroLayout.points[0]?.[3], zeroLayout.points[0]?.[4]];
    for (const point of zeroLayout.points[0] ?? []) expect(Number.isFinite(point?.x) && Number.isFinite(point?.y)).toBe(true);
    // The line runs along the axis.
    expect(Math.floor(p3?.y ?? 0)).toBe((zeroLayout.ticks[0]?.row ?? 0) + 1);
    expect(distance(zeroImage.rgb(Math.floor(((p3?.x ?? 0) + (p4?.x ?? 0)) / 2), Math.floor(p3?.y ?? 0)), rgbOf(blue))).toBeLessThanOrEqual(
      8,
    );

    const none = decodePng(trendChartPng({ labels, series: [] }));
    expect(pixelsWhere(none, (rgb) => !isNeutral(rgb))).toBe(0);
  });

  it("renders the edges of what it accepts: one month, sixty months on the smallest canvas", () => {
    const one = { labels: ["2026-11"], series: [{ name: "open", color: red, values: [3] }], width: 120, height: 120 };
    const oneImage = decodePng(trendChartPng(one));
    expect([oneImage.width, oneImage.height]).toEqual([240, 240]);
    expect(distance(at(oneImage, trendChartLayout(one).points[0]?.[0]), rgbOf(red))).toBeLessThanOrEqual(8);

    const sixty = months(2021 * 12, 60);
    const tight = {
      labels: sixty,
      series: [{ name: "open", color: blue, values: sixty.map((_, i) => i * 1000) }],
      width: 120,
      height: 120,
    };
    const tightImage = decodePng(trendChartPng({ ...tight, scale: 1 }));
    expect([tightImage.width, tightImage.height]).toEqual([120, 120]);
    expect(pixelsWhere(tightImage, (rgb) => distance(rgb, rgbOf(blue)) <= 8)).toBeGreaterThan(50);
  });

  it("gives the same bytes for the same input, and other bytes for other data", () => {
    const first = trendChartPng(chart);
    const again = trendChartPng(structuredClone(chart));
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
    const changed = { ...chart, series: [chart.series[0], { name: "overdue", color: red, values: [...overdue.slice(0, 11), 7] }] };
    expect(Buffer.from(trendChartPng(changed as TrendChartInput)).equals(Buffer.from(first))).toBe(false);
  });

  it("stays small enough to mail: a 12-month, 2-series chart at scale 2 is under 40 KB", () => {
    const png = trendChartPng(chart);
    expect(png.byteLength).toBeLessThan(40_000);
    expect(png.byteLength).toBeGreaterThan(5_000); // a chart, not an empty image
  });

  it("refuses bad input with a RangeError that says what is wrong", () => {
    const series = (values: (number | null)[], color = blue) => [{ name: "open", color, values }];
    const cases: [TrendChartInput, RegExp][] = [
      [{ labels, series: series(open.slice(0, 11)) }, /series "open" has 11 values for 12 labels/],
      [{ labels: [], series: [] }, /expected 1 to 60 labels, got 0/],
      [{ labels: months(2020 * 12, 61), series: [] }, /expected 1 to 60 labels, got 61/],
      [{ ...chart, width: 119 }, /width must be a whole number of pixels from 120 to 2000, got 119/],
      [{ ...chart, width: 2001 }, /width .* got 2001/],
      [{ ...chart, height: 100 }, /height .* got 100/],
      [{ ...chart, width: 640.5 }, /width .* got 640.5/],
      [{ ...chart, scale: 3 as 2 }, /scale must be 1 or 2, got 3/],
      [{ labels, series: series(open, "blue") }, /series "open" needs a colour as "#rrggbb", got "blue"/],
      [{ labels, series: series([...open.slice(0, 11), Number.NaN]) }, /series "open" has the value NaN/],
      [{ labels, series: series([...open.slice(0, 11), -1]) }, /has the value -1/],
      [{ labels, series: series([...open.slice(0, 11), Number.POSITIVE_INFINITY]) }, /has the value Infinity/],
    ];
    for (const [input, message] of cases) {
      expect(() => trendChartPng(input)).toThrow(RangeError);
      expect(() => trendChartPng(input)).toThrow(message);
    }
  });
});

describe("nice ticks", () => {
  it("steps by 1, 2 or 5 × 10^k from 0 to just above the maximum", () => {
    const values = (max: number) => niceTicks(max).ticks.map((tick) => tick.value);
    expect(values(0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(values(1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(values(3)).toEqual([0, 1, 2, 3]);
    expect(values(7)).toEqual([0, 2, 4, 6, 8]);
    expect(values(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(values(11)).toEqual([0, 5, 10, 15]);
    expect(values(26)).toEqual([0, 10, 20, 30]);
    expect(values(1234)).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks(0.6).ticks.map((tick) => tick.label)).toEqual(["0", "0.2", "0.4", "0.6"]);
  });

  it("always gives four to six ticks that reach the maximum", () => {
    const maxima = [...Array.from({ length: 3000 }, (_, i) => i + 1), 0.01, 0.37, 2.5, 99.99, 123456789, 9007199254740991];
    for (const max of maxima) {
      const { top, ticks } = niceTicks(max);
      expect(ticks.length, `max ${max}`).toBeGreaterThanOrEqual(4);
      expect(ticks.length, `max ${max}`).toBeLessThanOrEqual(6);
      expect(top, `max ${max}`).toBeGreaterThanOrEqual(max);
      const step = (ticks[1]?.value ?? 0) / 10 ** Math.floor(Math.log10(ticks[1]?.value ?? 1));
      expect([1, 2, 5], `max ${max}`).toContainEqual(Number(step.toPrecision(6)));
    }
  });
});
