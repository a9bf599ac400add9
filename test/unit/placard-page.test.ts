// The public placard page (安全责任公示牌) opened from its QR code: escaped, self-contained, Chinese, and
// honest about revoked or overdue placards.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { publicPageSecurityHeaders } from "#api/public-page";
import { type PlacardPageView, renderPlacardNotFound, renderPlacardPage } from "#api/routes/placards/placard-page";

function view(overrides: Partial<PlacardPageView> = {}): PlacardPageView {
  return {
    tenantName: "铜山区应急管理局",
    unitName: "徐州某某机械有限公司",
    title: "1号厂房安全责任公示牌",
    location: "铜山区银山路 8 号 1 号厂房",
    riskLevel: "orange",
    persons: [
      { role: "specific", name: "王五", title: "车间主任", phone: "0516-8388 8888" },
      { role: "first", name: "张三", title: "总经理", phone: "138 0000 1234" },
      { role: "in-charge", name: "李四", title: null, phone: "139****5678" },
    ],
    lastCheckedOn: "2025-03-07",
    checkOverdue: false,
    status: "active",
    revokedOn: null,
    hotline: "12350",
    stars: [],
    ...overrides,
  };
}

const telHrefs = (html: string) => [...html.matchAll(/href="(tel:[^"]*)"/g)].map((m) => m[1]);

describe("placard page", () => {
  it("is a complete zh-CN HTML5 document for phones, with no script and no external resource", () => {
    const html = renderPlacardPage(view());
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1">/);
    expect(html).toContain("<title>1号厂房安全责任公示牌 · 徐州某某机械有限公司</title>");
    expect(html).toContain('"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC"');
    expect(html).toContain("安全生产监管 · Anquan");
    expect(html).not.toMatch(/<script|javascript:|\son\w+=/i);
    expect(html).not.toMatch(/\ssrc=|<link rel="stylesheet"|@import|url\(|https?:/i);
    expect(html).not.toMatch(/\sstyle=/); // the CSP hash covers the <style> element only
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^(tel:|data:)/);
  });

  it("escapes every value it was given", () => {
    const nasty = `<script>alert(1)</script>&"'`;
    const html = renderPlacardPage(
      view({
        tenantName: nasty,
        unitName: nasty,
        title: nasty,
        location: nasty,
        persons: [{ role: "first", name: nasty, title: nasty, phone: "138<b>0000" }],
        hotline: `12350"><i>`,
      }),
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<b>|<i>/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;");
    expect(renderPlacardNotFound()).not.toMatch(/<script/i);
  });

  it("names the three roles and the risk level in Chinese, in placard order", () => {
    const html = renderPlacardPage(view());
    const first = html.indexOf("第一责任人");
    const inCharge = html.indexOf("分管负责人");
    const specific = html.indexOf("具体负责人");
    expect(html).not.toContain("直接责任人");
    expect(first).toBeGreaterThan(-1);
    expect(first).toBeLessThan(inCharge);
    expect(inCharge).toBeLessThan(specific);
    expect(html.indexOf("张三")).toBeLessThan(html.indexOf("李四"));
    expect(html.indexOf("李四")).toBeLessThan(html.indexOf("王五"));
    expect(html).toContain("总经理");

    const levels = { red: "重大风险(红)", orange: "较大风险(橙)", yellow: "一般风险(黄)", blue: "低风险(蓝)" } as const;
    for (const [level, text] of Object.entries(levels)) {
      const page = renderPlacardPage(view({ riskLevel: level as keyof typeof levels }));
      expect(page).toContain(`class="risk risk-${level}">安全风险等级：${text}`);
    }
    expect(renderPlacardPage(view({ riskLevel: null }))).toContain("安全风险等级：未评定");
  });

  it("shows the actual controller and the town and village supervisors when the placard names them, and nothing when not", () => {
    const persons: PlacardPageView["persons"] = [
      ...view().persons,
      { role: "actual-controller", name: "赵实控", title: null, phone: "13600001111" },
      { role: "town-supervisor", name: "钱镇长", title: "安监办主任", phone: "0514-87654321" },
      { role: "community-supervisor", name: "孙书记", title: null, phone: "136****2222" },
    ];
    const html = renderPlacardPage(view({ persons }));
    const order = [
      "第一责任人",
      "实际控制人",
      "赵实控",
      "分管负责人",
      "具体负责人",
      "属地监管责任人",
      "镇街监管责任人",
      "钱镇长",
      "村居监管责任人",
      "孙书记",
    ];
    const at = order.map((text) => html.indexOf(text));
    expect(at.every((i) => i > -1)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(telHrefs(html)).toEqual(["tel:13800001234", "tel:13600001111", "tel:051683888888", "tel:051487654321", "tel:12350"]);
    expect(html).toContain("电话：136****2222");

    const without = renderPlacardPage(view());
    for (const absent of ["实际控制人", "属地监管责任人", "镇街监管责任人", "村居监管责任人"]) expect(without).not.toContain(absent);
    expect(without).not.toContain("未登记");
  });

  it("shows a role nobody was registered for as 未登记", () => {
    const html = renderPlacardPage(view({ persons: [{ role: "first", name: "张三", title: null, phone: "13800001234" }] }));
    expect(html.match(/未登记/g)).toHaveLength(2);
  });

  it("links full phone numbers as tel: with digits only, and leaves masked ones as plain text", () => {
    const html = renderPlacardPage(view());
    expect(telHrefs(html)).toEqual(["tel:13800001234", "tel:051683888888", "tel:12350"]);
    expect(html).toContain("电话：139****5678");
    expect(html).not.toMatch(/tel:[^"]*\*/);

    const extension = renderPlacardPage(
      view({ persons: [{ role: "first", name: "张三", title: null, phone: "0516-83888888转123" }], hotline: null }),
    );
    expect(telHrefs(extension)).toEqual(["tel:051683888888"]);
  });

  it("shows the last check date, and a notice when the placard was not checked for six months", () => {
    const html = renderPlacardPage(view());
    expect(html).toContain('最近检查：<time datetime="2025-03-07">2025年3月7日</time>');
    expect(html).not.toContain("已超过六个月未检查");
    expect(renderPlacardPage(view({ checkOverdue: true }))).toContain("已超过六个月未检查");
    expect(renderPlacardPage(view({ checkOverdue: true, checkMonths: 3 }))).toContain("已超过三个月未检查");
    expect(renderPlacardPage(view({ lastCheckedOn: null }))).toContain("暂无检查记录");
  });

  it("says a revoked placard is revoked, with the date, and shows no persons and no phones", () => {
    const html = renderPlacardPage(view({ status: "revoked", revokedOn: "2025-04-01", checkOverdue: true }));
    expect(html).toContain("本公示牌已撤销");
    expect(html).toContain('撤销日期：<time datetime="2025-04-01">2025年4月1日</time>');
    expect(html).toContain("1号厂房安全责任公示牌");
    for (const gone of ["张三", "李四", "王五", "第一责任人", "1234", "5678", "8888", "12350", 'href="tel:', "较大风险"])
      expect(html).not.toContain(gone);
  });

  it("renders a not-found page in Chinese", () => {
    const html = renderPlacardNotFound();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain("<title>未找到公示牌</title>");
    expect(html).toContain("未找到该公示牌");
  });
});

describe("placard page headers", () => {
  it("allow exactly the page's own stylesheet, by hash, and nothing else", () => {
    const headers = publicPageSecurityHeaders();
    for (const html of [renderPlacardPage(view()), renderPlacardNotFound()]) {
      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)];
      expect(styles).toHaveLength(1);
      const hash = createHash("sha256")
        .update(styles[0]?.[1] ?? "", "utf8")
        .digest("base64");
      expect(headers["Content-Security-Policy"]).toBe(
        `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      );
    }
  });

  it("forbid referrers and sniffing, and cache only briefly", () => {
    expect(publicPageSecurityHeaders()).toMatchObject({
      "Content-Type": "text/html; charset=utf-8",
      "Referrer-Policy": "no-referrer",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "public, max-age=60",
    });
  });
});
