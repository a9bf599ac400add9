// The public page behind a safety-responsibility placard's QR code (安全责任公示牌): opened without login in
// WeChat's browser or a phone browser, so it is one self-contained HTML document — no JavaScript, no fonts,
// no requests beyond itself — and every value in it is escaped, since unit and person names are user input.
import { createHash } from "node:crypto";

export type PlacardRiskLevel = "red" | "orange" | "yellow" | "blue";
export type PlacardRole = "first" | "in-charge" | "specific";

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
}

const roles: readonly { role: PlacardRole; label: string }[] = [
  { role: "first", label: "第一责任人" },
  { role: "in-charge", label: "分管负责人" },
  { role: "specific", label: "直接责任人" },
];

// Text next to the colour, so the level reads without telling red from orange (colour-blind readers).
const riskLabels: Record<PlacardRiskLevel, string> = {
  red: "重大风险(红)",
  orange: "较大风险(橙)",
  yellow: "一般风险(黄)",
  blue: "低风险(蓝)",
};

// The only stylesheet of both pages. Its exact text is hashed into the CSP, so any change here is picked up
// by placardPageSecurityHeaders() automatically; there are no style attributes (a hash does not cover them).
const style = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#f2f3f5;color:#1f2329;font:17px/1.6 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC",sans-serif;overflow-wrap:anywhere}
main{max-width:40rem;margin:0 auto;padding:12px}
header,section,.banner,.notice{background:#fff;border-radius:10px;padding:14px 16px;margin:0 0 12px}
.issuer{margin:0;color:#4e5969;font-size:15px}
h1{margin:4px 0 6px;font-size:22px;line-height:1.35}
.unit{margin:0;font-size:18px;font-weight:600}
.location{margin:4px 0 0;color:#4e5969;font-size:15px}
h2{margin:0 0 8px;font-size:17px;color:#4e5969;font-weight:600}
.risk{display:block;margin:0 0 12px;padding:14px 16px;border-radius:10px;font-size:20px;font-weight:700;text-align:center;border:3px solid #1f2329}
.risk-red{background:#c62828;color:#fff}
.risk-orange{background:#e65100;color:#fff}
.risk-yellow{background:#fdd835;color:#1f2329}
.risk-blue{background:#1565c0;color:#fff}
.risk-none{background:#fff;color:#4e5969}
.persons{list-style:none;margin:0;padding:0}
.person{padding:12px 0;border-top:1px solid #e5e6eb}
.person:first-child{border-top:0;padding-top:0}
.role{display:inline-block;margin:0 0 4px;padding:2px 10px;border-radius:999px;background:#e8f0fe;color:#0b3d91;font-size:15px;font-weight:600}
.name{margin:0;font-size:20px;font-weight:700}
.post{margin:0;color:#4e5969;font-size:15px}
.missing{margin:0;color:#86909c}
.tel{display:flex;align-items:center;justify-content:center;min-height:48px;margin:8px 0 0;padding:10px 16px;border-radius:10px;background:#0b5ed7;color:#fff;font-size:19px;font-weight:600;text-decoration:none;letter-spacing:.02em}
.tel:focus-visible{outline:3px solid #1f2329;outline-offset:2px}
.phone{display:block;margin:8px 0 0;font-size:19px;letter-spacing:.02em}
.checked{margin:0}
.notice{border-left:6px solid #e65100;background:#fff4e5;font-weight:600}
.banner{border:3px solid #c62828;background:#ffebee;color:#8e0000;text-align:center}
.banner strong{display:block;font-size:24px}
.banner p{margin:6px 0 0}
footer{padding:8px 0 24px;text-align:center;color:#86909c;font-size:13px}
`;

const styleHash = createHash("sha256").update(style, "utf8").digest("base64");

/** Response headers for both pages (the placard and not-found pages share one stylesheet). */
export function placardPageSecurityHeaders(): Record<string, string> {
  return {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": `default-src 'none'; style-src 'sha256-${styleHash}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    // Short: the persons on a placard change, and a stale phone number sends a caller to the wrong person.
    "Cache-Control": "public, max-age=60",
    // Names and phone numbers of private persons: keep them out of search engines.
    "X-Robots-Tag": "noindex, nofollow",
  };
}

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
  const byRole = roles.map(({ role, label }) =>
    roleHtml(
      label,
      view.persons.filter((p) => p.role === role),
    ),
  );
  const persons = `<section><h2>安全责任人</h2><ul class="persons">${byRole.join("")}</ul></section>`;
  const checked = `<section><h2>检查情况</h2><p class="checked">最近检查：${view.lastCheckedOn ? dateHtml(view.lastCheckedOn) : "暂无检查记录"}</p></section>`;
  const hotline = view.hotline
    ? `<section><h2>举报电话</h2><p class="checked">发现安全隐患，请拨打举报电话。</p>${phoneHtml(view.hotline, "举报")}</section>`
    : "";
  return documentHtml(pageTitle, `${header}${notice}${risk}${persons}${checked}${hotline}`);
}

/** The page for a token that matches no placard (serve it with status 404 and the same headers). */
export function renderPlacardNotFound(): string {
  return documentHtml(
    "未找到公示牌",
    `<div class="banner"><strong>未找到该公示牌</strong><p>二维码可能有误，或公示牌已被删除。如有疑问，请联系属地应急管理部门。</p></div>`,
  );
}

function documentHtml(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="format-detection" content="telephone=no">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<main>${body}</main>
<footer>安全生产监管 · Anquan</footer>
</body>
</html>
`;
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

// 2024-05-01 → 2024年5月1日, kept machine-readable in <time>; anything else is shown as given.
function dateHtml(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return escapeHtml(date);
  return `<time datetime="${date}">${m[1]}年${Number(m[2])}月${Number(m[3])}日</time>`;
}

const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}
