// The monthly report as a .docx in the customary official format (packages/tabular/docx.ts sets the fonts and
// numbers the headings): the same blocks as the mail, the trend chart as the same PNG with its legend written under
// it, and a closing line on how the figures were made.
import type { ContentBlock, ReportContent } from "#jobs/reports/monthly-content";
import { chartSize } from "#jobs/reports/monthly-mail";
import { type DocBlock, docxBytes } from "#tabular/docx";

function docBlocks(block: ContentBlock, chartPng: Uint8Array | undefined): DocBlock[] {
  switch (block.kind) {
    case "heading":
    case "paragraph":
    case "table":
      return [block];
    case "chart": {
      const caption = `图：${block.alt}。${block.legend.map((s) => `${s.line}为${s.name}`).join("，")}。`;
      return chartPng
        ? [
            { kind: "image", png: chartPng, widthPx: chartSize.width, heightPx: chartSize.height, alt: block.alt },
            { kind: "paragraph", text: caption, emphasis: "note" },
          ]
        : [];
    }
  }
}

export function monthlyDocx(content: ReportContent, chartPng: Uint8Array | undefined, closing: readonly string[]): Promise<Uint8Array> {
  return docxBytes({
    title: content.title,
    subtitle: content.subtitle,
    blocks: [
      ...content.blocks.flatMap((block) => docBlocks(block, chartPng)),
      ...closing.map((text): DocBlock => ({ kind: "paragraph", text, emphasis: "note" })),
    ],
  });
}
