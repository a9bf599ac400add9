// The public star roll (公开公示) and the placard page's stars block as rendered: escaped, no script, suspended
// stars marked without reasons, and relative links that stay under the page's own /p/{tenantId}/ path.
import { describe, expect, it } from "vitest";
import { renderPlacardPage } from "#api/routes/placards/placard-page";
import { renderStarRoll, renderStarRollBadPage, renderStarRollNotFound } from "#api/routes/stars/star-roll-page";
import type { StarRoll } from "#core/stars/star-public-service";

const star = { starName: "一星", awardedOn: "2026-11-25", validUntil: "2027-11-24", plaqueNumber: null, suspended: false };

function roll(overrides: Partial<StarRoll> = {}): StarRoll {
  return {
    tenantName: "铜山区应急管理局",
    schemeId: "01kbq3h5f3d9x4ek7y2a6m8n0p",
    schemeTitle: "石狮市安全生产标准化星级",
    entries: [
      {
        unitName: "徐州<script>alert(1)</script>机械",
        townName: "柳泉镇",
        stars: [star, { ...star, starName: "二星", plaqueNumber: "石安星〔2026〕001号", suspended: true }],
      },
      { unitName: "徐州安泰", townName: null, stars: [star] },
    ],
    nextCursor: "eyJwayI6.c2ln+/=",
    ...overrides,
  };
}

describe("star roll page", () => {
  it("lists each unit with its town and stars, escaped, suspended ones marked without a reason", () => {
    const html = renderStarRoll(roll(), undefined);
    expect(html).toContain("<title>石狮市安全生产标准化星级 · 公开公示</title>");
    expect(html).toContain('<p class="name">徐州&lt;script&gt;alert(1)&lt;/script&gt;机械</p>');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("所在镇（街道）：柳泉镇");
    expect(html.split('<li class="entry">')).toHaveLength(3);
    expect(html.split('<li class="star star-suspended">')).toHaveLength(2);
    expect(html).toContain('二星<span class="tag">暂停</span>');
    expect(html).toContain("牌号：石安星〔2026〕001号");
    expect(html).toContain(
      '<time datetime="2026-11-25">2026年11月25日</time>起，有效期至<time datetime="2027-11-24">2027年11月24日</time>',
    );
  });

  it("links the next page by its cursor, URL-encoded, and the first page from a later one", () => {
    const first = renderStarRoll(roll(), undefined);
    expect(first).toContain('href="?page=eyJwayI6.c2ln%2B%2F%3D" rel="next">下一页</a>');
    expect(first).not.toContain("返回第一页");
    const last = renderStarRoll(roll({ nextCursor: null, entries: [] }), "abc");
    expect(last).not.toContain("下一页");
    expect(last).toContain('<a class="more" href="01kbq3h5f3d9x4ek7y2a6m8n0p">返回第一页</a>');
    expect(last).toContain("本页没有更多单位。");
    expect(renderStarRoll(roll({ nextCursor: null, entries: [] }), undefined)).toContain("暂无持有现行星级的单位。");
  });

  it("has a not-found and a bad-link page in Chinese", () => {
    expect(renderStarRollNotFound()).toContain("未找到该公示名单");
    const bad = renderStarRollBadPage("01kbq3h5f3d9x4ek7y2a6m8n0p");
    expect(bad).toContain("分页链接无效");
    expect(bad).toContain('href="01kbq3h5f3d9x4ek7y2a6m8n0p"');
  });
});

describe("the placard page's stars", () => {
  const base = {
    tenantName: "铜山区",
    unitName: "徐州安泰",
    title: "公示牌",
    location: null,
    riskLevel: null,
    persons: [],
    lastCheckedOn: null,
    checkOverdue: false,
    status: "active" as const,
    revokedOn: null,
    hotline: null,
  };

  it("groups the stars by scheme, each linking its roll relative to the page", () => {
    const html = renderPlacardPage({
      ...base,
      stars: [
        { ...star, schemeId: "a".repeat(26), schemeTitle: "方案<甲>" },
        { ...star, starName: "二星", suspended: true, schemeId: "a".repeat(26), schemeTitle: "方案<甲>" },
        { ...star, starName: "责任星", schemeId: "b".repeat(26), schemeTitle: "方案乙" },
      ],
    });
    expect(html.split('<div class="scheme">')).toHaveLength(3);
    expect(html).toContain('<p class="scheme-title">方案&lt;甲&gt;</p>');
    expect(html).toContain(`href="stars/${"a".repeat(26)}">查看公开公示名单</a>`);
    expect(html).toContain(`href="stars/${"b".repeat(26)}">查看公开公示名单</a>`);
    expect(html.split('<span class="tag">暂停</span>')).toHaveLength(2);
  });

  it("shows no block without stars", () => {
    expect(renderPlacardPage({ ...base, stars: [] })).not.toContain("星级");
  });
});
