// The public pages' one look and one set of safety rules — a placard's page (routes/placards/placard-page.ts) and a
// star roll (routes/stars/star-roll-page.ts): opened without login in WeChat's browser or a phone browser, so each
// is one self-contained HTML document — no JavaScript, no fonts, no requests beyond itself — and every value in it
// is escaped, since unit and person names are user input.
import { createHash } from "node:crypto";
import type { PublicStar } from "#core/placards/ports";

// The only stylesheet of every public page. Its exact text is hashed into the CSP, so any change here is picked up
// by publicPageSecurityHeaders() automatically; there are no style attributes (a hash does not cover them).
const style = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#f2f3f5;color:#1f2329;font:17px/1.6 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC",sans-serif;overflow-wrap:anywhere}
main{max-width:40rem;margin:0 auto;padding:12px}
header,section,nav,.banner,.notice{background:#fff;border-radius:10px;padding:14px 16px;margin:0 0 12px}
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
.persons,.stars,.roll{list-style:none;margin:0;padding:0}
.person,.entry,.scheme{padding:12px 0;border-top:1px solid #e5e6eb}
.person:first-child,.entry:first-child,h2+.scheme{border-top:0;padding-top:0}
.role{display:inline-block;margin:0 0 4px;padding:2px 10px;border-radius:999px;background:#e8f0fe;color:#0b3d91;font-size:15px;font-weight:600}
.name{margin:0;font-size:20px;font-weight:700}
.post{margin:0;color:#4e5969;font-size:15px}
.missing{margin:0;color:#86909c}
.tel{display:flex;align-items:center;justify-content:center;min-height:48px;margin:8px 0 0;padding:10px 16px;border-radius:10px;background:#0b5ed7;color:#fff;font-size:19px;font-weight:600;text-decoration:none;letter-spacing:.02em}
.tel:focus-visible,.more:focus-visible{outline:3px solid #1f2329;outline-offset:2px}
.phone{display:block;margin:8px 0 0;font-size:19px;letter-spacing:.02em}
.checked{margin:0}
.scheme-title{margin:0;font-weight:600}
.star{margin:8px 0 0;padding:10px 12px;border-radius:8px;background:#fff8e1;border-left:5px solid #f9a825}
.star-suspended{background:#f2f3f5;border-left-color:#86909c}
.star-name{margin:0;font-size:18px;font-weight:700}
.tag{display:inline-block;margin:0 0 0 8px;padding:0 10px;border-radius:999px;background:#4e5969;color:#fff;font-size:15px;font-weight:600}
.detail{margin:2px 0 0;color:#4e5969;font-size:15px}
.more{display:flex;align-items:center;justify-content:center;min-height:44px;margin:10px 0 0;padding:8px 16px;border-radius:10px;border:2px solid #0b5ed7;color:#0b5ed7;font-weight:600;text-decoration:none}
.notice{border-left:6px solid #e65100;background:#fff4e5;font-weight:600}
.banner{border:3px solid #c62828;background:#ffebee;color:#8e0000;text-align:center}
.banner strong{display:block;font-size:24px}
.banner p{margin:6px 0 0}
footer{padding:8px 0 24px;text-align:center;color:#86909c;font-size:13px}
`;

/** The policy of a page whose one stylesheet is `style` (allowed by its hash): nothing else loads, runs or frames it. */
export function stylesheetOnlyPolicy(style: string): string {
  const hash = createHash("sha256").update(style, "utf8").digest("base64");
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

const policy = stylesheetOnlyPolicy(style);

/** Response headers of every public page (found or not: they all share the one stylesheet). */
export function publicPageSecurityHeaders(): Record<string, string> {
  return {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": policy,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    // Short: the persons on a placard change, and a stale phone number sends a caller to the wrong person.
    "Cache-Control": "public, max-age=60",
    // Names and phone numbers of private persons: keep them out of search engines.
    "X-Robots-Tag": "noindex, nofollow",
  };
}

export function documentHtml(title: string, body: string): string {
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

/** A page that says something went wrong (not found, a bad link), in one red-bordered box. */
export function bannerHtml(headline: string, text: string, extra = ""): string {
  return `<div class="banner"><strong>${escapeHtml(headline)}</strong><p>${escapeHtml(text)}</p>${extra}</div>`;
}

/**
 * A list of current stars: name, since, valid until, plaque number; a suspended one marked 暂停 with no reason (the
 * reasons are the officials' to review, not the public's).
 */
export function starListHtml(stars: readonly Omit<PublicStar, "schemeId" | "schemeTitle">[]): string {
  const items = stars.map((s) => {
    const tag = s.suspended ? `<span class="tag">暂停</span>` : "";
    const plaque = s.plaqueNumber ? `<p class="detail">牌号：${escapeHtml(s.plaqueNumber)}</p>` : "";
    const note = s.suspended ? `<p class="detail">该星级暂停，待核查。</p>` : "";
    return `<li class="star${s.suspended ? " star-suspended" : ""}"><p class="star-name"><span aria-hidden="true">★ </span>${escapeHtml(s.starName)}${tag}</p><p class="detail">${dateHtml(s.awardedOn)}起，有效期至${dateHtml(s.validUntil)}</p>${plaque}${note}</li>`;
  });
  return `<ul class="stars">${items.join("")}</ul>`;
}

// 2024-05-01 → 2024年5月1日, kept machine-readable in <time>; anything else is shown as given.
export function dateHtml(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return escapeHtml(date);
  return `<time datetime="${date}">${m[1]}年${Number(m[2])}月${Number(m[3])}日</time>`;
}

const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}
