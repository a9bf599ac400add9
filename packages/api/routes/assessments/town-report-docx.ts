// A town's standardization report as .docx: its block model handed to the official-document writer
// (#tabular/docx), which loads its library only now, when a .docx is asked for. The writer numbers the headings
// (一、, （一）); 前言, not numbered in 附件2, is a heading without an ordinal.
import type { ReportBlock, ReportDocument } from "#core/assessments/town-report-document";
import { type DocBlock, docxBytes, type OfficialDocument } from "#tabular/docx";

function docBlock(block: ReportBlock): DocBlock {
  if (block.kind !== "heading") return block;
  return { kind: "heading", level: block.level, text: block.text, ...(block.numbered === false ? { numbered: false } : {}) };
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
