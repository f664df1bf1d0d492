import type { ComponentChildren } from 'preact';

/**
 * A rough preview of an article's Markdown: headings, paragraphs, lists (nested by indentation),
 * **bold**, *emphasis*, `code` and link texts. Built as elements whose text is the admin's text, never
 * as HTML, so nothing typed can run; the site's renderer (markdown-it) has the final word.
 */
export function ArticlePreview({ markdown }: { markdown: string }) {
  return <div class="articles-preview">{blocks(markdown.replace(/\r\n?/g, '\n').split('\n'))}</div>;
}

type Item = { indent: number; ordered: boolean; text: string };
const LIST_ITEM = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;

function blocks(lines: string[]): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (!line.trim()) {
      i++;
    } else if (heading) {
      // The preview sits under the editor's h3: the article's headings come below it.
      out.push(heading[1]!.length <= 2 ? <h4 key={i}>{inline(heading[2]!)}</h4> : <h5 key={i}>{inline(heading[2]!)}</h5>);
      i++;
    } else if (LIST_ITEM.test(line)) {
      const items: Item[] = [];
      for (; i < lines.length; i++) {
        const m = LIST_ITEM.exec(lines[i]!);
        if (m) items.push({ indent: m[1]!.length, ordered: /\d/.test(m[2]!), text: m[3]! });
        else if (lines[i]!.trim() && /^\s/.test(lines[i]!) && items.length) items[items.length - 1]!.text += ` ${lines[i]!.trim()}`;
        else break;
      }
      out.push(list(items, out.length));
    } else {
      const start = i;
      while (i < lines.length && lines[i]!.trim() && !/^#{1,6}\s/.test(lines[i]!) && !LIST_ITEM.test(lines[i]!)) i++;
      out.push(<p key={start}>{inline(lines.slice(start, i).join(' '))}</p>);
    }
  }
  return out;
}

/** Items at the first item's indentation, each with the more indented ones after it as its own list. */
function list(items: Item[], key: number | string): ComponentChildren {
  const level = items[0]?.indent ?? 0;
  const children: ComponentChildren[] = [];
  for (let i = 0; i < items.length; ) {
    const item = items[i]!;
    let j = i + 1;
    while (j < items.length && items[j]!.indent > level) j++;
    const nested = items.slice(i + 1, j);
    children.push(
      <li key={i}>
        {inline(item.text)}
        {nested.length > 0 && list(nested, `${key}-${i}`)}
      </li>,
    );
    i = j;
  }
  return items[0]?.ordered ? <ol key={key}>{children}</ol> : <ul key={key}>{children}</ul>;
}

/** **bold**, *emphasis*, `code`, [text](url) (its text only): everything else is text as typed. */
function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  const pattern = /\*\*(.+?)\*\*|`([^`]+)`|\[([^\]]+)\]\([^)]*\)|\*([^*]+)\*/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    if (m[1] !== undefined) out.push(<strong key={m.index}>{m[1]}</strong>);
    else if (m[2] !== undefined) out.push(<code key={m.index}>{m[2]}</code>);
    else if (m[3] !== undefined)
      out.push(
        <span key={m.index} class="articles-preview-link">
          {m[3]}
        </span>,
      );
    else out.push(<em key={m.index}>{m[4]}</em>);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
