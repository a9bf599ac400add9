// A town's standardization report as .docx: its block model handed to the official-document writer
// (#tabular/docx), which loads its library only now, when a .docx is asked for. The writer numbers every heading
// (一、, （一）), and 前言 is not numbered in 附件2: it goes in as a paragraph of its own until the writer can set an
// unnumbered heading.
import type { ReportBlock, ReportDocument } from "#core/assessments/town-report-document";
import { type DocBlock, docxBytes, type OfficialDocument } from "#tabular/docx";

function docBlock(block: ReportBlock): DocBlock {
  if (block.kind !== "heading") return block;
  if (block.numbered === false) return { kind: "paragraph", text: block.text };
  return { kind: "heading", level: block.level, text: block.text };
}

export function officialDocument(doc: ReportDocument): OfficialDocument {
  return {
    title: doc.title,
    ...(doc.subtitle === undefined ? {} : { subtitle: doc.subtitle }),
    blocks: doc.blocks.map(docBlock),
    ...(doc.footerText === undefined ? {} : { footerText: doc.footerText }),
  };
}

export function townReportDocx(doc: ReportDocument): Promise<Uint8Array> {
  return docxBytes(officialDocument(doc));
}
