// The data the monthly-report suite seeds straight into the store, in the repositories' own item shapes: a
// district's register (units with their current record and `all` list entry) and thirteen months of hazards
// (list entries and the per-day counter rows the hazard repository keeps), plus a platform registry of thousands
// of tenants. Each hazard k always comes out the same, so two runs seed the same tenant.
import type { DynamoDBClient, WriteRequest } from "@aws-sdk/client-dynamodb";
import type { HazardSummary } from "#core/hazards/hazard";
import { type Counters, contribution, figureDimensions } from "#core/hazards/hazard-figures";
import { daysBetween } from "#core/kernel/china-time";
import { ulid } from "#core/kernel/ids";
import { summarize } from "#core/register/enterprise";
import type { Tenant } from "#core/tenancy/tenant";
import { keys, type TenantScope, tenantScope } from "#store/dynamo/keys";
import type { WriteScope } from "#store/dynamo/write-guard";
import { batchWrite, toItem } from "#store/dynamo/writes";
import type { Place } from "./register-data.ts";
import { storedUnit } from "./register-data.ts";

export interface SeedTarget {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

/** BatchWriteItem calls in flight at once while seeding (DynamoDB Local shares the machine's two cores with Node). */
const writers = 4;
/** Items a writer builds and writes before taking the next chunk. */
const chunkItems = 500;

/**
 * Writes the requests `build(from, to)` makes for items [from, to) of `count`, a chunk at a time by `writers`
 * workers, so the marshalled requests of a large seed never sit in memory all at once.
 */
export async function writeChunked(
  target: SeedTarget,
  scope: WriteScope,
  count: number,
  build: (from: number, to: number) => WriteRequest[],
  progress?: (written: number) => void,
): Promise<void> {
  let next = 0;
  let written = 0;
  const worker = async () => {
    while (next < count) {
      const from = next;
      const to = Math.min(count, from + chunkItems);
      next = to;
      await batchWrite(target, scope, build(from, to));
      written += to - from;
      progress?.(written);
    }
  };
  await Promise.all(Array.from({ length: writers }, worker));
}

/** A well-mixed 32-bit hash of n and a salt, so each trait of hazard n varies independently of the others. */
function mix(n: number, salt: number): number {
  let x = (n * 0x9e3779b1 + salt * 0x85ebca6b) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  return (x ^ (x >>> 16)) >>> 0;
}

const dayMs = 24 * 3600 * 1000;
export const plusDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * dayMs).toISOString().slice(0, 10);

/** What a hazard copies from its unit (as the hazard service does when one is recorded). */
export interface UnitRef {
  readonly id: string;
  readonly name: string;
  readonly townId: string;
  readonly industry: string;
  readonly hostId: string | null;
}

/** Every `hostEvery`th unit hosts the unit `lesseeOffset` after it (厂中厂), as in the weekly-refresh suite. */
const hostEvery = 50;
const lesseeOffset = 7;

/**
 * Writes `count` units (the current record with its stale-index keys, and its entry in the `all` list), last
 * reviewed between `reviewedFrom` and `reviewedTo`, spread over `places`; returns what hazards copy from them.
 */
export async function seedUnits(
  target: SeedTarget,
  scope: TenantScope,
  count: number,
  places: readonly Place[],
  reviewed: { from: number; to: number },
): Promise<UnitRef[]> {
  const refs: UnitRef[] = [];
  await writeChunked(target, scope, count, (from, to) => {
    const requests: WriteRequest[] = [];
    for (let i = from; i < to; i++) {
      // 7919 is prime, so i ↦ i·7919 mod count is a permutation: review dates spread evenly over the range.
      const at = reviewed.from + Math.floor(((i * 7919) % count) * ((reviewed.to - reviewed.from) / count));
      const id = ulid(at);
      // A chunk starts at a multiple of hostEvery, so a lessee's host is in its chunk and already has an id.
      const hostId = i % hostEvery === lesseeOffset ? (refs[i - lesseeOffset]?.id ?? null) : null;
      const unit = storedUnit(i + 1, places[i % places.length] as Place, id, new Date(at).toISOString(), hostId);
      refs[i] = { id, name: unit.name, townId: unit.townId, industry: unit.industry.divisionCode, hostId };
      // The shapes of packages/store/register/enterprise-repository.ts: currentItem() and an entry of the `all` list.
      const current = { ...unit, _type: "enterprise", gsi1pk: keys.enterprisesByReview(scope), gsi1sk: `${unit.reviewedAt}#${unit.id}` };
      requests.push({ PutRequest: { Item: toItem({ ...current, ...keys.enterprise(scope, unit.id) }) } });
      requests.push({
        PutRequest: {
          Item: toItem({ ...summarize(unit), _type: "enterprise-entry", ...keys.enterpriseListEntry(scope, "all", unit.name, unit.id) }),
        },
      });
    }
    return requests;
  });
  return refs;
}

/** What officials find, with the category it is filed under, roughly as often as they find it. */
const findings: readonly (readonly [category: string, description: string])[] = [
  ["消防安全", "疏散通道堵塞，安全出口上锁"],
  ["消防安全", "灭火器过期未更换，消防栓被遮挡"],
  ["消防安全", "员工宿舍与生产车间未有效分隔（三合一）"],
  ["电气安全", "配电箱未接地，电线私拉乱接"],
  ["电气安全", "车间照明线路老化，未穿管保护"],
  ["有限空间", "污水池作业未审批，未配备气体检测仪"],
  ["有限空间", "有限空间未设置警示标识"],
  ["粉尘涉爆", "除尘系统未按规定清扫，粉尘积聚"],
  ["粉尘涉爆", "除尘器未设置泄爆装置"],
  ["危险化学品", "危化品仓库超量储存，未分类存放"],
  ["特种设备", "叉车未年检，司机无证上岗"],
  ["机械伤害", "冲床未安装双手按钮或光电保护"],
  ["高处作业", "登高作业未系安全带，无作业审批"],
  ["燃气使用", "后厨液化气瓶与明火距离不足"],
  ["安全管理", "未开展安全教育培训，台账缺失"],
  ["安全管理", "应急预案未演练，未配备应急物资"],
];
const sources: readonly HazardSummary["source"][] = [
  "inspection",
  "self-check",
  "grid-patrol",
  "grid-patrol",
  "self-check",
  "public-report",
];
/** Days a general hazard gets to be rectified (major ones get 60). */
const generalDays = [7, 15, 15, 30];
const responsibles = ["张建国", "王海", "李明", "刘芳", "陈强", "杨磊", "赵军", "黄静"];

export interface HazardSpread {
  /** The first and last days hazards are found on (the last is the reported month's last day). */
  readonly first: string;
  readonly last: string;
}

/**
 * Hazard k of a tenant over `spread` (thirteen months): found on a day of the range at one of the units; 2 % of
 * them major (60 days to rectify), the others with 7, 15 or 30 days; 92.5 % closed within their deadline, 6 % late
 * (10–90 days past it) and 1.5 % never, so the older open ones are overdue by the reported month's end. A hazard
 * found on the last day is still reported (no deadline yet), one a day or two old assigned, the rest rectifying or
 * submitted for verification.
 */
export function hazardOf(k: number, units: readonly UnitRef[], spread: HazardSpread): HazardSummary {
  const days = daysBetween(spread.first, spread.last) + 1;
  const day = mix(k, 1) % days;
  const foundOn = plusDays(spread.first, day);
  const age = days - 1 - day; // days from finding to the month's last day
  const unit = units[mix(k, 2) % units.length] as UnitRef;
  const major = mix(k, 3) % 1000 < 20;
  const allowed = major ? 60 : (generalDays[mix(k, 4) % generalDays.length] ?? 15);
  const kind = mix(k, 5) % 1000;
  const closeAfter = kind < 15 ? null : kind < 75 ? allowed + 10 + (mix(k, 6) % 80) : 1 + (mix(k, 6) % allowed);
  const closed = closeAfter !== null && closeAfter <= age;
  const state: HazardSummary["state"] = closed
    ? "closed"
    : age < 1
      ? "reported"
      : age < 3
        ? "assigned"
        : mix(k, 7) % 6 === 0
          ? "submitted"
          : "rectifying";
  const [category, description] = findings[mix(k, 8) % findings.length] as readonly [string, string];
  const deadline = state === "reported" ? null : plusDays(foundOn, allowed);
  return {
    id: ulid(Date.parse(`${foundOn}T01:00:00Z`) + (mix(k, 9) % 36_000_000)),
    enterpriseId: unit.id,
    enterpriseName: unit.name,
    hostId: unit.hostId,
    townId: unit.townId,
    industry: unit.industry,
    category,
    description,
    severity: major ? "major" : "general",
    state,
    source: sources[mix(k, 10) % sources.length] as HazardSummary["source"],
    foundOn,
    deadline,
    responsible: deadline ? (responsibles[mix(k, 11) % responsibles.length] as string) : null,
    closedOn: closed && closeAfter !== null ? plusDays(foundOn, closeAfter) : null,
  };
}

export interface SeededHazards {
  readonly count: number;
  readonly counterRows: number;
  readonly entries: number;
}

/**
 * Writes `count` hazards: for each its entry in the `all` list (what a recount reads), in `severity#major` when
 * major (the new major hazards) and in `open` by deadline while open (the overdue lists); then the per-day counter
 * rows of the tenant, each town and each industry, summed from the hazards' contributions exactly as the
 * repository's transactions keep them. The hazard items themselves and the other lists' entries (unit, town,
 * industry, state, general severity) are left out: nothing this suite measures reads them.
 */
export async function seedHazards(
  target: SeedTarget,
  scope: TenantScope,
  count: number,
  units: readonly UnitRef[],
  spread: HazardSpread,
  progress?: (written: number) => void,
): Promise<SeededHazards> {
  const counters = new Map<string, Counters>();
  let entries = 0;
  await writeChunked(
    target,
    scope,
    count,
    (from, to) => {
      const requests: WriteRequest[] = [];
      for (let k = from; k < to; k++) {
        const h = hazardOf(k, units, spread);
        const entry = (list: string, sortDate: string) =>
          requests.push({
            PutRequest: { Item: toItem({ ...h, _type: "hazard-entry", ...keys.hazardListEntry(scope, list, sortDate, h.id) }) },
          });
        entry("all", h.foundOn);
        if (h.severity === "major") entry("severity#major", h.foundOn);
        if (h.state !== "closed" && h.deadline) entry("open", h.deadline);
        const added = contribution(h);
        for (const dimension of figureDimensions(h)) {
          const rowKey = `${dimension}\n${h.foundOn}`;
          const row = counters.get(rowKey) ?? {};
          for (const [name, value] of Object.entries(added)) row[name] = (row[name] ?? 0) + value;
          counters.set(rowKey, row);
        }
      }
      entries += requests.length;
      return requests;
    },
    progress,
  );
  const rows = [...counters.entries()];
  await writeChunked(target, scope, rows.length, (from, to) =>
    rows.slice(from, to).map(([rowKey, row]) => {
      const [dimension = "", foundOn = ""] = rowKey.split("\n");
      return { PutRequest: { Item: toItem({ ...row, _type: "hazard-counters", ...keys.hazardCounters(scope, dimension, foundOn) }) } };
    }),
  );
  return { count, counterRows: rows.length, entries };
}

/** Province prefixes to number the generated tenants under (GB/T 2260). */
const provinces = ["13", "14", "21", "22", "23", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "51", "52", "53", "61", "62"];

/**
 * Registers tenants in the platform registry (its entries only: the dispatcher reads nothing else) until it holds
 * `total` with the `existing` ones: cities of 29 districts each, one tenant in a hundred suspended.
 */
export async function seedRegistry(target: SeedTarget, existing: readonly Tenant[], total: number, createdAt: string): Promise<Tenant[]> {
  const taken = new Set(existing.map((t) => t.id));
  const tenants: Tenant[] = [];
  for (let c = 0; tenants.length + existing.length < total; c++) {
    const province = provinces[c % provinces.length] as string;
    const city = `${province}${String(1 + Math.floor(c / provinces.length)).padStart(2, "0")}00`;
    for (let d = 0; d < 30 && tenants.length + existing.length < total; d++) {
      const id = d === 0 ? city : `${city.slice(0, 4)}${String(d).padStart(2, "0")}`;
      if (taken.has(id)) continue;
      const n = tenants.length;
      tenants.push({
        id,
        name: d === 0 ? `第${c + 1}市` : `第${c + 1}市第${d}区`,
        level: d === 0 ? "city" : "district",
        parentId: d === 0 ? null : city,
        timeZone: "Asia/Shanghai",
        status: n % 100 === 99 ? "suspended" : "active",
        reportRecipients: [`anjian.${id}@gov.example`, `duty.${id}@gov.example`],
        createdAt,
        updatedAt: createdAt,
        version: 1,
      });
    }
  }
  await writeChunked(target, "platform", tenants.length, (from, to) =>
    tenants.slice(from, to).map((t) => ({
      PutRequest: { Item: toItem({ ...t, _type: "tenant-registry", ...keys.tenantRegistryEntry(tenantScope(t.id)) }) },
    })),
  );
  return tenants;
}
