// The public page behind a safety-responsibility placard's QR code (安全责任公示牌): the unit, its risk level, the
// persons responsible and, where the placard names them, the officials supervising the unit, the last check, and the stars the unit holds now, each linking to its scheme's public roll.
// One self-contained, escaped HTML document in the look and under the rules of every public page (#api/public-page).

import { bannerHtml, dateHtml, documentHtml, escapeHtml, starListHtml } from "#api/public-page";
import type { PublicStar } from "#core/placards/ports";

export type PlacardRiskLevel = "red" | "orange" | "yellow" | "blue";
export type PlacardRole = "first" | "actual-controller" | "in-charge" | "specific" | "town-supervisor" | "community-supervisor";

export interface PlacardPerson {
  role: PlacardRole;
  name: string;
  title: string | null;
  /** Already masked (e.g. `138****5678`) when the tenant masks phone digits. */
  phone: string;
}

export interface PlacardPageView {
  /** The issuing government, e.g. "铜山区应急管理局" or "铜山区". */
  tenantName: string;
  unitName: string;
  /** The placard's own title, e.g. "1号厂房安全责任公示牌". */
  title: string;
  location: string | null;
  riskLevel: PlacardRiskLevel | null;
  persons: PlacardPerson[];
  /** YYYY-MM-DD, China date. */
  lastCheckedOn: string | null;
  /** Not checked within the tenant's check interval. */
  checkOverdue: boolean;
  /** The tenant's check interval in months (default six), named in the overdue notice. */
  checkMonths?: number;
  status: "active" | "revoked";
  revokedOn: string | null;
  /** A reporting hotline such as 12350 (举报电话), when the tenant sets one. */
  hotline: string | null;
  /** The unit's current stars, by scheme (none shown when empty). */
  stars: readonly PublicStar[];
}

// The unit's own persons, in placard order. A role marked optional is shown only when the placard discloses it
// (Yangzhou's placards name the actual controller; others do not), so its absence is not flagged as 未登记.
const roles: readonly { role: PlacardRole; label: string; optional?: true }[] = [
  { role: "first", label: "第一责任人" },
  { role: "actual-controller", label: "实际控制人", optional: true },
  { role: "in-charge", label: "分管负责人" },
  { role: "specific", label: "具体负责人" },
];

// The officials responsible for supervising the unit (属地监管责任人), shown in a block of their own when disclosed.
const supervisorRoles: readonly { role: PlacardRole; label: string }[] = [
  { role: "town-supervisor", label: "镇街监管责任人" },
  { role: "community-supervisor", label: "村居监管责任人" },
];

// Text next to the colour, so the level reads without telling red from orange (colour-blind readers).
const riskLabels: Record<PlacardRiskLevel, string> = {
  red: "重大风险(红)",
  orange: "较大风险(橙)",
  yellow: "一般风险(黄)",
  blue: "低风险(蓝)",
};

export function renderPlacardPage(view: PlacardPageView): string {
  const header = `<header><p class="issuer">${escapeHtml(view.tenantName)}</p><h1>${escapeHtml(view.title)}</h1><p class="unit">${escapeHtml(view.unitName)}</p>${
    view.location ? `<p class="location">位置：${escapeHtml(view.location)}</p>` : ""
  }</header>`;
  const pageTitle = `${view.title} · ${view.unitName}`;

  if (view.status === "revoked") {
    const when = view.revokedOn ? `<p>撤销日期：${dateHtml(view.revokedOn)}</p>` : "";
    const banner = `<div class="banner"><strong>本公示牌已撤销</strong>${when}<p>公示内容已失效，请以现场最新公示为准。</p></div>`;
    return documentHtml(pageTitle, `${banner}${header}`);
  }

  const notice = view.checkOverdue ? `<div class="notice">已超过${monthsText(view.checkMonths ?? 6)}未检查</div>` : "";
  const risk = view.riskLevel
    ? `<div class="risk risk-${view.riskLevel}">安全风险等级：${riskLabels[view.riskLevel]}</div>`
    : `<div class="risk risk-none">安全风险等级：未评定</div>`;
  const ofRole = (role: PlacardRole) => view.persons.filter((p) => p.role === role);
  const byRole = roles
    .filter(({ role, optional }) => !optional || ofRole(role).length > 0)
    .map(({ role, label }) => roleHtml(label, ofRole(role)));
  const persons = `<section><h2>安全责任人</h2><ul class="persons">${byRole.join("")}</ul></section>`;
  const supervisors = supervisorRoles.filter(({ role }) => ofRole(role).length > 0).map(({ role, label }) => roleHtml(label, ofRole(role)));
  const supervision =
    supervisors.length > 0 ? `<section><h2>属地监管责任人</h2><ul class="persons">${supervisors.join("")}</ul></section>` : "";
  const checked = `<section><h2>检查情况</h2><p class="checked">最近检查：${view.lastCheckedOn ? dateHtml(view.lastCheckedOn) : "暂无检查记录"}</p></section>`;
  const hotline = view.hotline
    ? `<section><h2>举报电话</h2><p class="checked">发现安全隐患，请拨打举报电话。</p>${phoneHtml(view.hotline, "举报")}</section>`
    : "";
  return documentHtml(pageTitle, `${header}${notice}${risk}${persons}${supervision}${starsHtml(view.stars)}${checked}${hotline}`);
}

/** The page for a token that matches no placard (serve it with status 404 and publicPageSecurityHeaders()). */
export function renderPlacardNotFound(): string {
  return documentHtml("未找到公示牌", bannerHtml("未找到该公示牌", "二维码可能有误，或公示牌已被删除。如有疑问，请联系属地应急管理部门。"));
}

// The stars block, one group per scheme. Its roll link is relative: from /p/{tenantId}/{token} it opens
// /p/{tenantId}/stars/{schemeId} (routes/stars/star-roll.routes.ts) under whatever base the page is served at.
function starsHtml(stars: readonly PublicStar[]): string {
  if (stars.length === 0) return "";
  const schemes = [...new Set(stars.map((s) => s.schemeId))].map((schemeId) => {
    const held = stars.filter((s) => s.schemeId === schemeId);
    const title = held[0]?.schemeTitle ?? "";
    return `<div class="scheme"><p class="scheme-title">${escapeHtml(title)}</p>${starListHtml(held)}<a class="more" href="stars/${encodeURIComponent(schemeId)}">查看公开公示名单</a></div>`;
  });
  return `<section><h2>星级</h2>${schemes.join("")}</section>`;
}

function roleHtml(label: string, persons: readonly PlacardPerson[]): string {
  const tag = `<p class="role">${label}</p>`;
  if (persons.length === 0) return `<li class="person">${tag}<p class="missing">未登记</p></li>`;
  return persons
    .map(
      (p) =>
        `<li class="person">${tag}<p class="name">${escapeHtml(p.name)}</p>${p.title ? `<p class="post">${escapeHtml(p.title)}</p>` : ""}${phoneHtml(p.phone, `${label} ${p.name}`)}</li>`,
    )
    .join("");
}

// A call button for a full number; plain text for a masked one (a link would dial the wrong digits). An
// extension (转 / 分机 / ext) cannot be dialled from a tel: link, so only the number before it is linked.
function phoneHtml(phone: string, whose: string): string {
  const shown = phone.trim();
  if (shown === "") return "";
  // The register stores an extension as a third dash group (0516-87654321-123).
  const main = /^(0\d{2,3}-\d{7,8})-\d{1,6}$/.exec(shown)?.[1] ?? shown.split(/转|分机|ext|[x#]/i)[0] ?? "";
  const digits = main.replace(/\D/g, "");
  if (/[*＊]/.test(shown) || digits.length < 3) return `<span class="phone">电话：${escapeHtml(shown)}</span>`;
  const plus = shown.startsWith("+") ? "+" : ""; // +86…: without the plus, 86… would be dialled as a local number
  return `<a class="tel" href="tel:${plus}${digits}" aria-label="拨打${escapeHtml(whose)}电话 ${escapeHtml(shown)}">拨打 ${escapeHtml(shown)}</a>`;
}

const chineseNumbers = ["零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];
function monthsText(months: number): string {
  return `${chineseNumbers[months] ?? String(months)}个月`;
}
