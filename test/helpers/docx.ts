// Reading generated Word files back in tests: word/document.xml (and styles.xml) out of the zip.
import JSZip from 'jszip';

export async function docxPart(buf: Buffer, part = 'word/document.xml'): Promise<string> {
  const file = (await JSZip.loadAsync(buf)).file(part);
  if (!file) throw new Error(`no ${part} in the .docx`);
  return file.async('string');
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The text of a .docx: each paragraph's runs joined (a line break as "\n"), one paragraph a line. */
export async function docxText(buf: Buffer): Promise<string> {
  const xml = await docxPart(buf);
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)].map((m) => (m[1] === undefined ? '\n' : unescape(m[1]))).join(''))
    .join('\n');
}
