// A star scheme's public roll (公开公示): the units holding a current star of it, each with its town and stars (a
// suspended one marked 暂停), newest award first, a page at a time with a 下一页 link. One self-contained, escaped
// HTML document in the look and under the rules of every public page (#api/public-page).
import { bannerHtml, documentHtml, escapeHtml, starListHtml } from "#api/public-page";
import type { StarRoll, StarRollEntry } from "#core/stars/star-public-service";

/** `page`: the cursor this page was read from (undefined on the first page). */
export function renderStarRoll(roll: StarRoll, page: string | undefined): string {
  const header = `<header><p class="issuer">${escapeHtml(roll.tenantName)}</p><h1>${escapeHtml(roll.schemeTitle)}</h1><p class="unit">公开公示</p><p class="location">以下单位持有本方案现行有效的星级，按评定日期由近及远排列。标“暂停”的星级正在核查中。</p></header>`;
  const list =
    roll.entries.length > 0
      ? `<ol class="roll">${roll.entries.map(entryHtml).join("")}</ol>`
      : `<p class="missing">${page ? "本页没有更多单位。" : "暂无持有现行星级的单位。"}</p>`;
  // Relative links: "?page=…" keeps the path, the scheme id alone goes back to this roll's first page.
  const next = roll.nextCursor ? `<a class="more" href="?page=${encodeURIComponent(roll.nextCursor)}" rel="next">下一页</a>` : "";
  const first = page ? `<a class="more" href="${encodeURIComponent(roll.schemeId)}">返回第一页</a>` : "";
  const pager = next || first ? `<nav aria-label="翻页">${next}${first}</nav>` : "";
  return documentHtml(`${roll.schemeTitle} · 公开公示`, `${header}<section><h2>公示名单</h2>${list}</section>${pager}`);
}

function entryHtml(entry: StarRollEntry): string {
  const town = entry.townName ? `<p class="post">所在镇（街道）：${escapeHtml(entry.townName)}</p>` : "";
  return `<li class="entry"><p class="name">${escapeHtml(entry.unitName)}</p>${town}${starListHtml(entry.stars)}</li>`;
}

/** For an unknown, unpublished or foreign scheme, or a tenant that serves no public page: status 404. */
export function renderStarRollNotFound(): string {
  return documentHtml(
    "未找到公示名单",
    bannerHtml("未找到该公示名单", "链接可能有误，或该星级方案尚未发布。如有疑问，请联系属地应急管理部门。"),
  );
}

/** For a `page` link that is not one this roll made (altered, or from another roll): status 400. */
export function renderStarRollBadPage(schemeId: string): string {
  return documentHtml(
    "分页链接无效",
    bannerHtml(
      "分页链接无效",
      "该翻页链接已被改动或不属于本名单。",
      `<a class="more" href="${encodeURIComponent(schemeId)}">返回第一页</a>`,
    ),
  );
}
